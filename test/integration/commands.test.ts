// Every command in contributes.commands is registered by the extension, and every command the
// extension registers is contributed (so each has a title and a category), checked in the real editor.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, services } from './helpers';

describe('Commands', () => {
  it('are all registered and all contributed', async () => {
    await services();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'));
    const contributed = (manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    // VS Code registers `workfront.users.focus` and the like for the view itself.
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith('workfront.') && !c.startsWith('workfront.users.'))
      .sort();
    assert.deepStrictEqual(registered, contributed);
  });

  it('have menus and keybindings only for contributed commands, and every view menu names the view', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, 'package.json'), 'utf8'));
    const contributed = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));
    for (const [menu, items] of Object.entries(
      manifest.contributes.menus as Record<string, Array<{ command: string; when?: string }>>,
    )) {
      for (const item of items) {
        assert.ok(contributed.has(item.command), `${menu}: ${item.command} is contributed`);
        if (menu.startsWith('view/'))
          assert.match(item.when ?? '', /view == workfront\.users/, `${menu}: ${item.command} names the view`);
      }
    }
    type Step = string | { command: string };
    for (const kb of manifest.contributes.keybindings as Array<{
      command: string;
      when: string;
      args?: { commands?: Step[] };
    }>) {
      // A key that first selects the focused row runs `list.select`, then one of ours.
      const ours =
        kb.command === 'runCommands'
          ? (kb.args?.commands ?? [])
              .map((c) => (typeof c === 'string' ? c : c.command))
              .filter((c) => c !== 'list.select')
          : [kb.command];
      assert.strictEqual(ours.length, 1, JSON.stringify(kb));
      assert.ok(contributed.has(ours[0]), `${ours[0]} is contributed`);
      assert.match(kb.when, /focusedView == workfront\.users/);
    }
  });
});
