// `bant completion bash|zsh|fish`, loaded into the real shells and asked for completions, the way a person
// presses Tab. bash and fish answer directly (COMP_WORDS and `complete -C`); zsh only completes at a
// terminal, so it runs in tmux. The shells come from Debian's packages (.ci/run installs them).

import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBant } from '../helpers/runBant.js';
import { tempDir } from '../helpers/tempDir.js';

function scriptFile(shell: string): string {
  const result = runBant(['completion', shell]);
  expect(result.code).toBe(0);
  const file = path.join(tempDir(), `bant.${shell}`);
  fs.writeFileSync(file, result.stdout);
  return file;
}

/** What bash offers for the words typed so far (the last one is being completed). */
function bashCompletes(script: string, folder: string, ...words: string[]): string[] {
  const quoted = words.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const program = `source '${script}'; COMP_WORDS=(bant ${quoted}); COMP_CWORD=${words.length}; COMPREPLY=(); _bant; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { cwd: folder, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

function fishCompletes(script: string, folder: string, line: string): string[] {
  const result = spawnSync('fish', ['--no-config', '-c', `source '${script}'; complete -C '${line}'`], { cwd: folder, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.split('\t')[0]!)
    .sort();
}

/** The commands `bant --help` lists: what completion must offer first. */
function helpCommands(): string[] {
  const help = runBant(['--help']).stdout;
  const section = help.slice(help.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((match) => match[1]!).sort();
}

const STAGES = ['customer', 'disqualified', 'lead', 'mql', 'nurturing', 'prospect', 'sql'];

describe('bant completion', () => {
  it('bash completes commands, subcommands, options, stages, reports, frameworks, formats and files', () => {
    const script = scriptFile('bash');
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'leads.csv'), 'email\n');

    expect(bashCompletes(script, folder, '')).toEqual(helpCommands());
    expect(bashCompletes(script, folder, 'le')).toEqual(['leads']);
    expect(bashCompletes(script, folder, 'leads', '')).toEqual(['add', 'assign', 'edit', 'forget', 'list', 'show']);
    expect(bashCompletes(script, folder, 'activity', '')).toEqual(['add', 'import', 'list']);
    expect(bashCompletes(script, folder, 'score', 'learn', '--')).toEqual(expect.arrayContaining(['--holdout', '--precision', '--seed', '--output', '--scoring']));
    const addOptions = bashCompletes(script, folder, 'leads', 'add', '--');
    for (const option of ['--email', '--first-name', '--employees', '--set', '--stage', '--db', '--format', '--lang', '--help']) expect(addOptions).toContain(option);
    expect(bashCompletes(script, folder, 'leads', 'list', '--stage', '')).toEqual(STAGES);
    expect(bashCompletes(script, folder, 'stage', '12', 'n')).toEqual(['nurturing']);
    expect(bashCompletes(script, folder, 'report', '')).toEqual(['aging', 'funnel', 'gaps', 'pipeline', 'scores', 'sdr']);
    expect(bashCompletes(script, folder, 'report', 'funnel', '--by', '')).toEqual(['owner', 'source']);
    const frameworks = JSON.parse(runBant(['frameworks', 'list', '--format', 'json']).stdout).map((row: { id: string }) => row.id);
    expect(bashCompletes(script, folder, 'qualify', '--framework', '')).toEqual([...frameworks, 'leads.csv'].sort());
    expect(bashCompletes(script, folder, '--format', '')).toEqual(['csv', 'ics', 'json', 'table']);
    expect(bashCompletes(script, folder, 'leads', 'list', '--format', '=', 'j')).toEqual(['json']);
    expect(bashCompletes(script, folder, 'import', 'le')).toEqual(['leads.csv']);
    expect(bashCompletes(script, folder, 'config', 'set', '')).toEqual(['db', 'format', 'framework', 'lang', 'scoring', 'sdr']);
    expect(bashCompletes(script, folder, 'config', 'set', 'lang', '')).toEqual(['en', 'fr']);
    expect(bashCompletes(script, folder, 'completion', '')).toEqual(['bash', 'fish', 'zsh']);
    expect(bashCompletes(script, folder, 'export', '--to', '')).toEqual(['hubspot', 'salesforce']);
    // An option's value is not taken for a subcommand: `--db leads` names a file.
    expect(bashCompletes(script, folder, '--db', 'x.db', 'le')).toEqual(['leads']);
  });

  it('describes commands and options in the language of the help', () => {
    expect(runBant(['completion', 'zsh']).stdout).toContain("'add:add a lead");
    expect(runBant(['completion', 'zsh', '--lang', 'fr']).stdout).toContain("'add:ajouter un lead");
    expect(runBant(['completion', 'fish'], { env: { BANT_LANG: 'fr' } }).stdout).toContain("-a 'report' -d 'rapports");
  });

  it('fish loads it and completes from it', () => {
    const script = scriptFile('fish');
    const folder = tempDir();
    expect(fishCompletes(script, folder, 'bant ')).toEqual(helpCommands());
    expect(fishCompletes(script, folder, 'bant leads ')).toEqual(['add', 'assign', 'edit', 'forget', 'list', 'show']);
    expect(fishCompletes(script, folder, 'bant leads list --stage ')).toEqual(STAGES);
    expect(fishCompletes(script, folder, 'bant report ')).toEqual(['aging', 'funnel', 'gaps', 'pipeline', 'scores', 'sdr']);
    expect(fishCompletes(script, folder, 'bant config set lang ')).toEqual(['en', 'fr']);
    expect(fishCompletes(script, folder, 'bant leads add --fi')).toEqual(['--first-name']);
  });

  it('zsh loads it after compinit and completes at a real terminal', async () => {
    const script = scriptFile('zsh');
    const loaded = spawnSync('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source '${script}'; print -r -- $_comps[bant]`], { encoding: 'utf8' });
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout.trim()).toBe('_bant');

    const socket = `bant-zsh-${randomUUID().slice(0, 8)}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    tmux('new-session', '-d', '-s', 'zsh', '-x', '150', '-y', '30', 'env', 'PS1=%% ', 'zsh', '-f');
    try {
      const screen = async (pattern: RegExp) => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const text = tmux('capture-pane', '-p', '-t', 'zsh');
          if (pattern.test(text)) return text;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen was:\n${text}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      tmux('send-keys', '-t', 'zsh', '-l', `autoload -U compinit; compinit -u -D; source '${script}'; echo ready`);
      tmux('send-keys', '-t', 'zsh', 'Enter');
      await screen(/^ready$/m);
      tmux('send-keys', '-t', 'zsh', '-l', 'bant report ');
      tmux('send-keys', '-t', 'zsh', 'Tab');
      const reports = await screen(/pipeline/);
      for (const report of ['aging', 'funnel', 'gaps', 'sdr']) expect(reports).toContain(report);
      tmux('send-keys', '-t', 'zsh', 'C-u');
      tmux('send-keys', '-t', 'zsh', '-l', 'bant leads ');
      tmux('send-keys', '-t', 'zsh', 'Tab');
      const leads = await screen(/forget +-- /);
      expect(leads).toMatch(/add +-- add a lead/);
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    }
  });
});
