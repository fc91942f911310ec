/** manifest.yml declares exactly what the app uses: the /trail command, App Home, interactivity, its scopes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMAND } from '../../../src/block-kit/action-ids.js';

const manifest = parse(readFileSync(join(import.meta.dirname, '../../../manifest.yml'), 'utf8'));

describe('manifest.yml', () => {
  it('registers the /trail command the app listens for, with a usage hint', () => {
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(manifest.features.slash_commands[0]).toMatchObject({
      command: SLASH_COMMAND,
      should_escape: false,
    });
    expect(manifest.features.slash_commands[0].usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('turns on App Home, interactivity and the app_home_opened event', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
  });

  it('asks for the fewest bot scopes the features need, and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ['chat:write', 'commands', 'im:write', 'usergroups:read', 'users:read', 'users:read.email'].sort(),
    );
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('works as written without a public URL (Socket Mode), and has the display fields Slack requires', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.display_information.name).toBe('trailwatch');
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toBe('trailwatch');
  });
});
