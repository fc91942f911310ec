/** Block Kit limits (Slack's reference) and a checker that lists every violation in a set of blocks. */

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  /** Any text object without a tighter limit (context elements, mrkdwn in general). */
  textObject: 3000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  selectOptions: 100,
  optionText: 75,
  // Slack's reference says 150; @slack/types' comment says 75. trailwatch's values stay under 75.
  optionValue: 150,
  placeholderText: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** chat.postMessage truncates `text` beyond this. */
  messageText: 40_000,
  /**
   * Not documented as a hard limit, but Slack rejects (or collapses) messages whose blocks carry much more
   * text than this; DESIGN.md keeps a whole message under it.
   */
  messageChars: 13_000,
} as const;

export type Surface = 'message' | 'modal' | 'home';

export interface Violation {
  /** e.g. `blocks[3].fields[2].text` */
  path: string;
  /** e.g. `section_text_length` */
  rule: string;
  /** The measured value (a length or count), or the offending value for enum rules. */
  actual: number | string;
  limit?: number | string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

class Checker {
  readonly violations: Violation[] = [];
  chars = 0;

  add(path: string, rule: string, actual: number | string, limit?: number | string): void {
    this.violations.push(limit === undefined ? { path, rule, actual } : { path, rule, actual, limit });
  }

  max(path: string, rule: string, actual: number, limit: number): void {
    if (actual > limit) this.add(path, rule, actual, limit);
  }

  /** A text object: present, non-empty, of an allowed type, within `limit`. */
  text(path: string, value: unknown, rule: string, limit: number, plainOnly = false): void {
    if (!isObject(value) || typeof value.text !== 'string') {
      this.add(path, `${rule}_missing`, 'missing');
      return;
    }
    if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
      this.add(
        `${path}.type`,
        `${rule}_type`,
        String(value.type),
        plainOnly ? 'plain_text' : 'plain_text|mrkdwn',
      );
    }
    if (value.text.length === 0) this.add(`${path}.text`, `${rule}_empty`, 0);
    this.max(`${path}.text`, `${rule}_length`, value.text.length, limit);
    this.chars += value.text.length;
  }

  string(path: string, value: unknown, rule: string, limit: number): void {
    if (typeof value === 'string') this.max(path, rule, value.length, limit);
  }

  confirm(path: string, value: unknown): void {
    if (value === undefined) return;
    if (!isObject(value)) {
      this.add(path, 'confirm_invalid', typeof value);
      return;
    }
    this.text(`${path}.title`, value.title, 'confirm_title', LIMITS.confirmTitle, true);
    this.text(`${path}.text`, value.text, 'confirm_text', LIMITS.confirmText);
    this.text(`${path}.confirm`, value.confirm, 'confirm_button', LIMITS.confirmButton, true);
    this.text(`${path}.deny`, value.deny, 'confirm_button', LIMITS.confirmButton, true);
  }

  option(path: string, value: unknown): void {
    if (!isObject(value)) {
      this.add(path, 'option_invalid', typeof value);
      return;
    }
    this.text(`${path}.text`, value.text, 'option_text', LIMITS.optionText, true);
    if (typeof value.value !== 'string') this.add(`${path}.value`, 'option_value_missing', 'missing');
    this.string(`${path}.value`, value.value, 'option_value_length', LIMITS.optionValue);
  }

  element(path: string, value: unknown): void {
    if (!isObject(value)) {
      this.add(path, 'element_invalid', typeof value);
      return;
    }
    this.string(`${path}.action_id`, value.action_id, 'action_id_length', LIMITS.actionId);
    this.confirm(`${path}.confirm`, value.confirm);
    if (value.type === 'button') this.button(path, value);
    else if (value.type === 'static_select') this.select(path, value);
  }

  button(path: string, value: Json): void {
    this.text(`${path}.text`, value.text, 'button_text', LIMITS.buttonText, true);
    this.string(`${path}.value`, value.value, 'button_value_length', LIMITS.buttonValue);
    this.string(`${path}.url`, value.url, 'button_url_length', LIMITS.buttonUrl);
    if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
      this.add(`${path}.style`, 'button_style', String(value.style), 'primary|danger');
    }
  }

  select(path: string, value: Json): void {
    if (value.placeholder !== undefined) {
      this.text(`${path}.placeholder`, value.placeholder, 'placeholder', LIMITS.placeholderText, true);
    }
    const options = arrayOf(value.options);
    if (options.length === 0) this.add(`${path}.options`, 'select_options_empty', 0);
    this.max(`${path}.options`, 'select_options_count', options.length, LIMITS.selectOptions);
    options.forEach((o, i) => {
      this.option(`${path}.options[${i}]`, o);
    });
    if (value.initial_option !== undefined) this.option(`${path}.initial_option`, value.initial_option);
  }

  section(path: string, block: Json): void {
    if (block.text === undefined && block.fields === undefined)
      this.add(path, 'section_empty', 'no text or fields');
    if (block.text !== undefined) this.text(`${path}.text`, block.text, 'section_text', LIMITS.sectionText);
    if (block.fields !== undefined) {
      const fields = arrayOf(block.fields);
      this.max(`${path}.fields`, 'section_fields_count', fields.length, LIMITS.sectionFields);
      fields.forEach((f, i) => {
        this.text(`${path}.fields[${i}]`, f, 'section_field', LIMITS.sectionFieldText);
      });
    }
    if (block.accessory !== undefined) this.element(`${path}.accessory`, block.accessory);
  }

  actions(path: string, block: Json): void {
    const elements = arrayOf(block.elements);
    if (elements.length === 0) this.add(`${path}.elements`, 'actions_empty', 0);
    this.max(`${path}.elements`, 'actions_elements_count', elements.length, LIMITS.actionsElements);
    const seen = new Set<string>();
    elements.forEach((e, i) => {
      this.element(`${path}.elements[${i}]`, e);
      const id = isObject(e) ? e.action_id : undefined;
      if (typeof id === 'string') {
        if (seen.has(id)) this.add(`${path}.elements[${i}].action_id`, 'action_id_duplicate', id);
        seen.add(id);
      }
    });
  }

  context(path: string, block: Json): void {
    const elements = arrayOf(block.elements);
    if (elements.length === 0) this.add(`${path}.elements`, 'context_empty', 0);
    this.max(`${path}.elements`, 'context_elements_count', elements.length, LIMITS.contextElements);
    elements.forEach((e, i) => {
      if (isObject(e) && e.type === 'image') return;
      this.text(`${path}.elements[${i}]`, e, 'context_text', LIMITS.textObject);
    });
  }

  block(path: string, block: unknown, blockIds: Set<string>): void {
    if (!isObject(block)) {
      this.add(path, 'block_invalid', typeof block);
      return;
    }
    if (typeof block.block_id === 'string') {
      this.max(`${path}.block_id`, 'block_id_length', block.block_id.length, LIMITS.blockId);
      if (blockIds.has(block.block_id)) this.add(`${path}.block_id`, 'block_id_duplicate', block.block_id);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section':
        this.section(path, block);
        break;
      case 'header':
        this.text(`${path}.text`, block.text, 'header_text', LIMITS.headerText, true);
        break;
      case 'actions':
        this.actions(path, block);
        break;
      case 'context':
        this.context(path, block);
        break;
    }
  }
}

/** Every Block Kit limit the blocks break on `surface`; an empty list means Slack should accept them. */
export function checkBlocks(blocks: readonly unknown[], surface: Surface): Violation[] {
  const checker = new Checker();
  const maxBlocks = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  checker.max('blocks', 'blocks_count', blocks.length, maxBlocks);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    checker.block(`blocks[${i}]`, b, blockIds);
  });
  if (surface === 'message') checker.max('blocks', 'message_chars', checker.chars, LIMITS.messageChars);
  return checker.violations;
}

/** checkBlocks for a message, plus its `text` fallback: present and within chat.postMessage's limit. */
export function checkMessage(message: { text?: unknown; blocks: readonly unknown[] }): Violation[] {
  const violations = checkBlocks(message.blocks, 'message');
  const text = typeof message.text === 'string' ? message.text : '';
  if (text.trim() === '') violations.push({ path: 'text', rule: 'message_text_missing', actual: 0 });
  if (text.length > LIMITS.messageText) {
    violations.push({
      path: 'text',
      rule: 'message_text_length',
      actual: text.length,
      limit: LIMITS.messageText,
    });
  }
  return violations;
}
