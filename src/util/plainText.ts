// VS Code turns `[text](https:…|command:…|file:…)` in a notification into a clickable link. Names, titles
// and Workfront's messages are data: every notification that carries them goes through asPlainText.

/** Breaks the link syntax (`](`), so that text from Workfront can only ever show as text. */
export function asPlainText(text: string): string {
  return text.replace(/\]\(/g, '] (');
}
