/**
 * Block Kit as HTML for the demo page: the block and element types trailwatch sends (section, header,
 * context, actions, divider, input; button, static_select, plain_text_input), laid out as Slack does.
 * Interactive elements carry their action_id, value and block_id in data- attributes: the page's script
 * turns a click into the block_actions payload Slack would post. Unknown blocks show as a note.
 */
import { escapeHtml, type MrkdwnNames, mrkdwnHtml, plainTextHtml } from './mrkdwn-html.js';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});
const asList = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asObject) : []);

function textHtml(text: unknown, names: MrkdwnNames): string {
  const object = asObject(text);
  const body = typeof object.text === 'string' ? object.text : '';
  return object.type === 'mrkdwn' ? mrkdwnHtml(body, names) : plainTextHtml(body);
}

function attribute(name: string, value: unknown): string {
  return value === undefined
    ? ''
    : ` ${name}="${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}"`;
}

function elementHtml(element: Json, blockId: string | undefined, names: MrkdwnNames): string {
  const common =
    attribute('data-action-id', element.action_id) +
    attribute('data-block-id', blockId) +
    attribute('data-type', element.type);
  if (element.type === 'button') {
    const style = element.style === 'primary' || element.style === 'danger' ? ` ${element.style}` : '';
    const confirm = element.confirm
      ? attribute('data-confirm', {
          title: asObject(asObject(element.confirm).title).text,
          text: asObject(asObject(element.confirm).text).text,
        })
      : '';
    if (typeof element.url === 'string') {
      const url = /^https?:/i.test(element.url) ? element.url : '#';
      return `<a class="button${style}" href="${escapeHtml(url)}" target="_blank" rel="noreferrer">${textHtml(element.text, names)}</a>`;
    }
    return `<button class="button${style}"${common}${attribute('data-value', element.value)}${confirm}>${textHtml(element.text, names)}</button>`;
  }
  if (element.type === 'static_select') {
    const placeholder = asObject(element.placeholder).text;
    const initial = asObject(element.initial_option).value;
    const options = asList(element.options)
      .map((option) => {
        const label = String(asObject(option.text).text ?? '');
        const selected = option.value === initial ? ' selected' : '';
        return `<option value="${escapeHtml(String(option.value ?? ''))}"${selected}>${escapeHtml(label)}</option>`;
      })
      .join('');
    const first = initial
      ? ''
      : `<option value="" selected disabled>${escapeHtml(String(placeholder ?? 'Choose'))}</option>`;
    return `<select class="select"${common}>${first}${options}</select>`;
  }
  if (element.type === 'plain_text_input') {
    const placeholder = attribute('placeholder', asObject(element.placeholder).text);
    const initial = escapeHtml(String(element.initial_value ?? ''));
    return element.multiline
      ? `<textarea class="input"${common}${placeholder}>${initial}</textarea>`
      : `<input class="input"${common}${placeholder} value="${initial}">`;
  }
  if (element.type === 'mrkdwn' || element.type === 'plain_text')
    return `<span>${textHtml(element, names)}</span>`;
  if (element.type === 'image') {
    return `<span class="image-alt">[${escapeHtml(String(element.alt_text ?? 'image'))}]</span>`;
  }
  return `<span class="unknown">[${escapeHtml(String(element.type))}]</span>`;
}

function blockHtml(block: Json, names: MrkdwnNames): string {
  const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
  switch (block.type) {
    case 'header':
      return `<div class="block header">${textHtml(block.text, names)}</div>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'context':
      return `<div class="block context">${asList(block.elements)
        .map((element) => elementHtml(element, blockId, names))
        .join(' ')}</div>`;
    case 'actions':
      return `<div class="block actions">${asList(block.elements)
        .map((element) => elementHtml(element, blockId, names))
        .join('')}</div>`;
    case 'section': {
      const text = block.text ? `<div class="section-text">${textHtml(block.text, names)}</div>` : '';
      const fields = asList(block.fields);
      const fieldsHtml = fields.length
        ? `<div class="fields">${fields.map((field) => `<div>${textHtml(field, names)}</div>`).join('')}</div>`
        : '';
      const accessory = block.accessory
        ? `<div class="accessory">${elementHtml(asObject(block.accessory), blockId, names)}</div>`
        : '';
      return `<div class="block section"><div class="section-body">${text}${fieldsHtml}</div>${accessory}</div>`;
    }
    case 'input': {
      const label = `<label class="input-label">${textHtml(block.label, names)}</label>`;
      const hint = block.hint ? `<div class="hint">${textHtml(block.hint, names)}</div>` : '';
      const optional = block.optional ? ' data-optional="true"' : '';
      return `<div class="block input-block"${optional}>${label}${elementHtml(asObject(block.element), blockId, names)}${hint}</div>`;
    }
    default:
      return `<div class="block unknown">[${escapeHtml(String(block.type))} block]</div>`;
  }
}

/** A message's blocks, or its text when it has none (Slack's fallback). */
export function messageHtml(message: { text?: string; blocks?: unknown }, names: MrkdwnNames): string {
  const blocks = asList(message.blocks);
  if (blocks.length === 0) return `<div class="block section">${mrkdwnHtml(message.text ?? '', names)}</div>`;
  return blocks.map((block) => blockHtml(block, names)).join('');
}

/** A surface's blocks (App Home, a modal's body). */
export function blocksHtml(blocks: unknown, names: MrkdwnNames): string {
  return asList(blocks)
    .map((block) => blockHtml(block, names))
    .join('');
}
