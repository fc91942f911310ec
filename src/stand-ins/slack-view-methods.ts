/** The fake's views.open, views.update and views.publish methods (modals and App Home). */
import type { StoredView } from './slack-message-store.js';
import type { SlackArgs } from './slack-wire.js';
import { fail, type MethodHandler, type SlackWorkspace, stringArg } from './slack-workspace.js';

function viewArg(args: SlackArgs): Record<string, unknown> | undefined {
  const view = args.view;
  if (!view || typeof view !== 'object' || Array.isArray(view)) return undefined;
  return typeof (view as { type?: unknown }).type === 'string'
    ? (view as Record<string, unknown>)
    : undefined;
}

function viewObject(stored: StoredView, ws: SlackWorkspace): Record<string, unknown> {
  return {
    private_metadata: '',
    callback_id: '',
    ...structuredClone(stored.view),
    id: stored.id,
    team_id: ws.team.id,
    hash: stored.hash,
    app_id: ws.appId,
    bot_id: ws.botId,
    root_view_id: stored.id,
    ...(stored.external_id ? { external_id: stored.external_id } : {}),
  };
}

function save(ws: SlackWorkspace, id: string, view: Record<string, unknown>, extra: Partial<StoredView>) {
  const stored: StoredView = {
    id,
    type: String(view.type),
    hash: ws.nextTs(),
    view,
    ...extra,
    ...(typeof view.external_id === 'string' ? { external_id: view.external_id } : {}),
  };
  ws.store.views.set(id, stored);
  return { ok: true as const, view: viewObject(stored, ws) };
}

function newViewId(ws: SlackWorkspace): string {
  return `V${String(ws.store.views.size + 1).padStart(8, '0')}`;
}

const open: MethodHandler = (args, ws) => {
  const trigger = stringArg(args, 'trigger_id');
  const view = viewArg(args);
  if (!trigger || !view) return fail('invalid_arguments');
  if (ws.store.usedTriggers.has(trigger)) return fail('exchanged_trigger_id');
  ws.store.usedTriggers.add(trigger);
  return save(ws, newViewId(ws), view, { trigger_id: trigger });
};

const update: MethodHandler = (args, ws) => {
  const view = viewArg(args);
  if (!view) return fail('invalid_arguments');
  const viewId = stringArg(args, 'view_id');
  const externalId = stringArg(args, 'external_id');
  const stored = [...ws.store.views.values()].find(
    (v) =>
      (viewId !== undefined && v.id === viewId) || (externalId !== undefined && v.external_id === externalId),
  );
  if (!stored) return fail('not_found');
  const hash = stringArg(args, 'hash');
  if (hash !== undefined && hash !== stored.hash) return fail('hash_conflict');
  return save(ws, stored.id, view, {
    user_id: stored.user_id,
    external_id: stored.external_id,
    trigger_id: stored.trigger_id,
  });
};

const publish: MethodHandler = (args, ws) => {
  const userId = stringArg(args, 'user_id');
  const view = viewArg(args);
  if (!userId || !view) return fail('invalid_arguments');
  if (view.type !== 'home') return fail('invalid_arguments');
  const existing = [...ws.store.views.values()].find((v) => v.type === 'home' && v.user_id === userId);
  const hash = stringArg(args, 'hash');
  if (existing && hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
  return save(ws, existing?.id ?? newViewId(ws), view, { user_id: userId });
};

export const VIEW_METHODS: Record<string, MethodHandler> = {
  'views.open': open,
  'views.update': update,
  'views.publish': publish,
};
