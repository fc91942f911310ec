/** The slice of the Block Kit model trailwatch renders; structurally assignable to @slack/types' KnownBlock. */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface ConfirmDialog {
  title: PlainText;
  text: TextObject;
  confirm: PlainText;
  deny: PlainText;
  style?: 'primary' | 'danger';
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmDialog;
}

export interface SelectOption {
  text: PlainText;
  value: string;
  description?: PlainText;
}

export interface StaticSelectElement {
  type: 'static_select';
  action_id: string;
  placeholder?: PlainText;
  options: SelectOption[];
  initial_option?: SelectOption;
}

export type InteractiveElement = ButtonElement | StaticSelectElement;

export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text?: TextObject;
  fields?: TextObject[];
  accessory?: InteractiveElement;
}

export interface HeaderBlock {
  type: 'header';
  block_id?: string;
  text: PlainText;
}

export interface ContextBlock {
  type: 'context';
  block_id?: string;
  elements: TextObject[];
}

export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: InteractiveElement[];
}

export interface DividerBlock {
  type: 'divider';
  block_id?: string;
}

export type Block = SectionBlock | HeaderBlock | ContextBlock | ActionsBlock | DividerBlock;

/** What chat.postMessage / chat.update take: `text` is the notification and screen-reader fallback. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A message meant for chat.postEphemeral or a `respond()` that only the clicker sees. */
export interface EphemeralMessage extends SlackMessage {
  response_type: 'ephemeral';
}

/** What views.publish takes as `view` for the App Home tab. */
export interface HomeView {
  type: 'home';
  blocks: Block[];
}
