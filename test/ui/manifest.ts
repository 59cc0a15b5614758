// What the extension's package.json contributes, with %key% strings resolved from package.nls.json,
// so UI tests name commands and views by what a user sees.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../../scripts/vscode/realVscode';

interface RawManifest {
  publisher: string;
  name: string;
  contributes?: {
    commands?: Array<{ command: string; title: string; category?: string }>;
    viewsContainers?: { activitybar?: Array<{ id: string; title: string }> };
    menus?: { commandPalette?: Array<{ command: string; when?: string }> };
  };
}

export interface ContributedCommand {
  id: string;
  /** As the command palette shows it: "Category: Title". */
  paletteTitle: string;
  /** The `when` clause that hides it from the palette, if any. */
  paletteWhen?: string;
}

export interface Manifest {
  extensionId: string;
  commands: ContributedCommand[];
  activityBarTitles: string[];
}

export function readManifest(root = ROOT): Manifest {
  const raw = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as RawManifest;
  const nlsFile = path.join(root, 'package.nls.json');
  const nls = fs.existsSync(nlsFile) ? (JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string>) : {};
  const text = (value: string): string => value.replace(/^%(.+)%$/, (whole, key: string) => nls[key] ?? whole);
  const paletteWhen = new Map((raw.contributes?.menus?.commandPalette ?? []).map((m) => [m.command, m.when ?? 'true']));
  return {
    extensionId: `${raw.publisher}.${raw.name}`,
    commands: (raw.contributes?.commands ?? []).map((c) => ({
      id: c.command,
      paletteTitle: c.category ? `${text(c.category)}: ${text(c.title)}` : text(c.title),
      paletteWhen: paletteWhen.get(c.command),
    })),
    activityBarTitles: (raw.contributes?.viewsContainers?.activitybar ?? []).map((v) => text(v.title)),
  };
}
