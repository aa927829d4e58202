/**
 * Fills `{name}` placeholders of a maintainer's template. Unknown placeholders stay visible
 * (a typo such as `{serverity}` shows up in the draft instead of vanishing), and substituted
 * values are never scanned again, so a summary containing `{ghsa}` cannot pull in other values.
 */
export function fillTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_-]*)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value ?? whole;
  });
}
