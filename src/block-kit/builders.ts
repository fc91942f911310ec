/** Small Block Kit builders; each caps its text at the Block Kit limit so callers can't overflow it. */
import { LIMITS } from './limits.js';
import { mrkdwn, plainText } from './text.js';
import type {
  ActionsBlock,
  ButtonElement,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InteractiveElement,
  SectionBlock,
  SelectOption,
  StaticSelectElement,
} from './types.js';

/** A section of safe mrkdwn, optionally with an accessory button or select. */
export function section(text: string, accessory?: InteractiveElement): SectionBlock {
  const block: SectionBlock = { type: 'section', text: mrkdwn(text, LIMITS.sectionText) };
  if (accessory) block.accessory = accessory;
  return block;
}

/** A two-column section; at most 10 fields of at most 2,000 chars each. */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields.slice(0, LIMITS.sectionFields).map((f) => mrkdwn(f, LIMITS.sectionFieldText)),
  };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, LIMITS.headerText) };
}

/** Small grey lines of safe mrkdwn; at most 10 elements. */
export function context(lines: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: lines.slice(0, LIMITS.contextElements).map((l) => mrkdwn(l, LIMITS.textObject)),
  };
}

/** Keeps a message within Slack's 50 blocks; the last kept block says how many were left out. */
export function capBlocks<T>(blocks: readonly T[], max: number = LIMITS.messageBlocks): (T | ContextBlock)[] {
  if (blocks.length <= max) return [...blocks];
  const kept = blocks.slice(0, max - 1);
  return [...kept, context([`…and ${blocks.length - kept.length} more not shown`])];
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function actions(elements: readonly InteractiveElement[]): ActionsBlock {
  return { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
}

export interface ButtonOptions {
  value?: string;
  style?: 'primary' | 'danger';
}

export function button(text: string, actionId: string, options: ButtonOptions = {}): ButtonElement {
  const element: ButtonElement = {
    type: 'button',
    text: plainText(text, LIMITS.buttonText),
    action_id: actionId,
  };
  if (options.value !== undefined) element.value = options.value.slice(0, LIMITS.buttonValue);
  if (options.style) element.style = options.style;
  return element;
}

export function option(text: string, value: string): SelectOption {
  return { text: plainText(text, LIMITS.optionText), value: value.slice(0, LIMITS.optionValue) };
}

export function staticSelect(
  placeholder: string,
  actionId: string,
  options: readonly SelectOption[],
): StaticSelectElement {
  return {
    type: 'static_select',
    action_id: actionId,
    placeholder: plainText(placeholder, LIMITS.placeholderText),
    options: options.slice(0, LIMITS.selectOptions),
  };
}
