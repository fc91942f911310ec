/** routeTrailCommand: help, unknown words, usage replies, and failures that still answer. */
import { describe, expect, it } from 'vitest';
import { routeTrailCommand } from '../../../commands/router.js';
import { SUBCOMMANDS } from '../../../commands/subcommands.js';
import { contextFor, textOf } from './command-fixture.js';

describe('routeTrailCommand', () => {
  it('answers help, and an empty command, with every subcommand, its usage and an example', async () => {
    for (const text of ['help', '', '   ']) {
      const reply = await routeTrailCommand(text, contextFor());
      const shown = textOf(reply);
      for (const command of SUBCOMMANDS) {
        expect(shown).toContain(`/trail ${command.name}`);
        expect(shown).toContain(command.example.replace(/"/g, '\\"'));
      }
    }
  });

  it('answers an unknown subcommand with help that names it', async () => {
    const reply = await routeTrailCommand('deploy <prod>', contextFor());
    expect(textOf(reply)).toContain("I don't know `deploy`");
    expect(textOf(reply)).toContain('/trail who-did');
  });

  it('when the words run to megabytes, says what was wrong without echoing them all', async () => {
    const text = 'x'.repeat(400_000);
    for (const typed of [`findings ${text}`, `key ${text}`, text]) {
      const reply = await routeTrailCommand(typed, contextFor());
      expect(reply.text.length).toBeLessThan(2_000);
      expect(JSON.stringify(reply.blocks).length).toBeLessThan(10_000);
      expect(reply.text).toContain('xxx');
    }
  });

  it('answers bad arguments of every subcommand with the problem, its usage line and an example', async () => {
    const bad: Record<string, string> = {
      'who-did': 'who-did',
      key: 'key not-a-key',
      findings: 'findings closed',
      mute: 'mute read-burst',
      unmute: 'unmute',
      status: 'status please',
      'deactivate-key': 'deactivate-key ASIAIOSFODNN7EXAMPLE',
      contain: 'contain 42',
      audit: 'audit 500',
    };
    for (const command of SUBCOMMANDS) {
      const reply = await routeTrailCommand(bad[command.name] as string, contextFor());
      expect(reply.text, command.name).toContain(':warning:');
      expect(reply.text, command.name).toContain(`*Usage:* \`/trail ${command.name}`);
      expect(reply.text, command.name).toContain(`*Example:* \``);
    }
  });

  it('when remediation is not set up, says so for deactivate-key, contain and audit', async () => {
    for (const text of ['deactivate-key AKIAIOSFODNN7EXAMPLE', 'contain tw-0123456789ab', 'audit']) {
      expect((await routeTrailCommand(text, contextFor())).text, text).toContain('Remediation is not set up');
    }
  });

  it('routes case-insensitively with quoted arguments', async () => {
    const ctx = contextFor();
    const reply = await routeTrailCommand('MUTE read-burst 2h "quiet please"', ctx);
    expect(reply.text).toContain('quiet please');
    expect(await ctx.findings.isMuted('read-burst', 'arn:aws:iam::123456789012:user/x')).toBe(true);
  });

  it('refuses an unclosed quote, and turns a command that throws into an error reply', async () => {
    expect((await routeTrailCommand('mute "x', contextFor())).text).toContain('not closed');
    const ctx = contextFor({
      findings: {
        ...contextFor().findings,
        list: () => Promise.reject(new Error('boom')),
      },
    });
    expect((await routeTrailCommand('findings', ctx)).text).toContain('boom');
  });
});
