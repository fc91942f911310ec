/** The fake's auth, users, usergroups and apps.connections.open methods. */
import { fail, type MethodHandler, stringArg, userObject } from './slack-workspace.js';

const authTest: MethodHandler = (_args, ws, caller) => {
  const base = { ok: true as const, url: `https://${ws.team.domain}.slack.com/`, team: ws.team.name };
  if (caller.kind === 'app') return { ...base, team_id: ws.team.id, app_id: ws.appId };
  return {
    ...base,
    team_id: ws.team.id,
    user: 'trailwatch',
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  };
};

const usersInfo: MethodHandler = (args, ws) => {
  const id = stringArg(args, 'user');
  const user = ws.users.find((u) => u.id === id);
  if (!user) return fail('user_not_found');
  return { ok: true, user: userObject(user, ws.team) };
};

const usersLookupByEmail: MethodHandler = (args, ws) => {
  const email = stringArg(args, 'email')?.toLowerCase();
  const user = ws.users.find((u) => u.email?.toLowerCase() === email);
  // The plural is Slack's: users.lookupByEmail answers `users_not_found`.
  if (!user) return fail('users_not_found');
  return { ok: true, user: userObject(user, ws.team) };
};

const usergroupsUsersList: MethodHandler = (args, ws) => {
  const id = stringArg(args, 'usergroup');
  const members = id ? ws.usergroups[id] : undefined;
  if (!members) return fail('no_such_subteam');
  return { ok: true, users: [...members] };
};

const appsConnectionsOpen: MethodHandler = (_args, ws) => {
  const url = ws.socketModeUrl();
  // No Slack equivalent: the app has Socket Mode off. SocketModeClient treats unknown errors as
  // recoverable and keeps retrying, so a test that forgot attachSocketMode() shows this in `calls`.
  if (!url) return fail('fake_socket_mode_not_attached');
  return { ok: true, url };
};

export const WORKSPACE_METHODS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.lookupByEmail': usersLookupByEmail,
  'usergroups.users.list': usergroupsUsersList,
  'apps.connections.open': appsConnectionsOpen,
};

/** Methods that take an app-level token (xapp-); auth.test takes either kind; the rest need a bot token. */
export const APP_TOKEN_METHODS = new Set(['apps.connections.open']);
export const ANY_TOKEN_METHODS = new Set(['auth.test']);
