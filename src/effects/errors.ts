/** An effect that cannot be carried out for a reason a maintainer can fix (not a fault to retry). */
export class EffectRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EffectRefused';
  }
}
