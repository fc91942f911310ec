import { describe, expect, it } from 'vitest';
import { checkBlocks, checkMessage, LIMITS } from '../../../src/block-kit/limits.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const rules = (v: { rule: string }[]) => v.map((x) => x.rule);

describe('checkBlocks', () => {
  it('accepts a small well-formed message', () => {
    const blocks = [
      { type: 'header', text: plain('Hello') },
      {
        type: 'section',
        text: md('*hi*'),
        accessory: { type: 'button', text: plain('Go'), action_id: 'a_go', value: 'x' },
      },
      { type: 'context', elements: [md('small')] },
      { type: 'divider' },
    ];
    expect(checkBlocks(blocks, 'message')).toEqual([]);
  });

  it('counts blocks per surface: 51 breaks a message, 100 fits a Home tab, 101 does not', () => {
    const many = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(checkBlocks(many(51), 'message')).toEqual([
      { path: 'blocks', rule: 'blocks_count', actual: 51, limit: 50 },
    ]);
    expect(checkBlocks(many(100), 'home')).toEqual([]);
    expect(rules(checkBlocks(many(101), 'modal'))).toEqual(['blocks_count']);
  });

  it('reports section text, field count and field length with the path of each', () => {
    const fields = Array.from({ length: 11 }, (_, i) => md(i === 3 ? 'f'.repeat(2001) : 'ok'));
    const v = checkBlocks([{ type: 'section', text: md('t'.repeat(3001)), fields }], 'modal');
    expect(v).toContainEqual({
      path: 'blocks[0].text.text',
      rule: 'section_text_length',
      actual: 3001,
      limit: 3000,
    });
    expect(v).toContainEqual({
      path: 'blocks[0].fields',
      rule: 'section_fields_count',
      actual: 11,
      limit: 10,
    });
    expect(v).toContainEqual({
      path: 'blocks[0].fields[3].text',
      rule: 'section_field_length',
      actual: 2001,
      limit: 2000,
    });
  });

  it('reports a header that is too long or not plain_text, and a section with neither text nor fields', () => {
    const v = checkBlocks([{ type: 'header', text: md('h'.repeat(151)) }, { type: 'section' }], 'message');
    expect(rules(v)).toEqual(['header_text_type', 'header_text_length', 'section_empty']);
  });

  it('reports button text, action_id, value, url and style limits', () => {
    const bad = {
      type: 'button',
      text: plain('b'.repeat(76)),
      action_id: 'a'.repeat(256),
      value: 'v'.repeat(2001),
      url: 'u'.repeat(3001),
      style: 'loud',
    };
    const v = checkBlocks([{ type: 'actions', elements: [bad] }], 'message');
    expect(rules(v).sort()).toEqual(
      [
        'action_id_length',
        'button_style',
        'button_text_length',
        'button_url_length',
        'button_value_length',
      ].sort(),
    );
  });

  it('reports actions with more than 25 elements, duplicate action_ids, and empty actions', () => {
    const btn = (i: number) => ({ type: 'button', text: plain('b'), action_id: i === 25 ? 'a_0' : `a_${i}` });
    const v = checkBlocks(
      [
        { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => btn(i)) },
        { type: 'actions', elements: [] },
      ],
      'message',
    );
    expect(v).toContainEqual({
      path: 'blocks[0].elements',
      rule: 'actions_elements_count',
      actual: 26,
      limit: 25,
    });
    expect(v).toContainEqual({
      path: 'blocks[0].elements[25].action_id',
      rule: 'action_id_duplicate',
      actual: 'a_0',
    });
    expect(v).toContainEqual({ path: 'blocks[1].elements', rule: 'actions_empty', actual: 0 });
  });

  it('reports context with more than 10 elements', () => {
    const v = checkBlocks(
      [{ type: 'context', elements: Array.from({ length: 11 }, () => md('c')) }],
      'message',
    );
    expect(v).toEqual([
      { path: 'blocks[0].elements', rule: 'context_elements_count', actual: 11, limit: 10 },
    ]);
  });

  it('reports static_select options over 100, long option text and value, and a long placeholder', () => {
    const options = Array.from({ length: 101 }, (_, i) => ({
      text: plain(i === 0 ? 'o'.repeat(76) : 'o'),
      value: i === 1 ? 'v'.repeat(151) : `v${i}`,
    }));
    const select = { type: 'static_select', action_id: 's', placeholder: plain('p'.repeat(151)), options };
    const v = checkBlocks([{ type: 'section', text: md('x'), accessory: select }], 'message');
    expect(rules(v).sort()).toEqual([
      'option_text_length',
      'option_value_length',
      'placeholder_length',
      'select_options_count',
    ]);
    expect(v.find((x) => x.rule === 'option_value_length')?.path).toBe(
      'blocks[0].accessory.options[1].value',
    );
  });

  it('reports long and duplicate block_ids, empty text, and confirm dialog limits', () => {
    const confirm = {
      title: plain('t'.repeat(101)),
      text: md('x'.repeat(301)),
      confirm: plain('y'.repeat(31)),
      deny: plain('No'),
    };
    const blocks = [
      { type: 'divider', block_id: 'b'.repeat(256) },
      { type: 'divider', block_id: 'same' },
      { type: 'section', block_id: 'same', text: md('') },
      { type: 'actions', elements: [{ type: 'button', text: plain('x'), action_id: 'x', confirm }] },
    ];
    expect(rules(checkBlocks(blocks, 'message'))).toEqual([
      'block_id_length',
      'block_id_duplicate',
      'section_text_empty',
      'confirm_title_length',
      'confirm_text_length',
      'confirm_button_length',
    ]);
  });

  it('reports a message whose blocks carry more than ~13k characters in all, but not a Home tab', () => {
    const blocks = Array.from({ length: 5 }, () => ({ type: 'section', text: md('m'.repeat(2900)) }));
    expect(checkBlocks(blocks, 'message')).toEqual([
      { path: 'blocks', rule: 'message_chars', actual: 14_500, limit: LIMITS.messageChars },
    ]);
    expect(checkBlocks(blocks, 'home')).toEqual([]);
  });
});

describe('checkMessage', () => {
  it('requires a non-empty text fallback within 40,000 characters', () => {
    expect(rules(checkMessage({ text: ' ', blocks: [] }))).toEqual(['message_text_missing']);
    expect(rules(checkMessage({ text: 'x'.repeat(40_001), blocks: [] }))).toEqual(['message_text_length']);
    expect(checkMessage({ text: 'fine', blocks: [{ type: 'divider' }] })).toEqual([]);
  });
});
