/** Every Slack action_id, callback_id and block_id trailwatch uses, in one place (`<area>_<verb>`). */

export const ACTION = {
  findingAck: 'finding_ack',
  findingFalsePositive: 'finding_false_positive',
  /** A static_select on the card: its selected option's value is `<findingId>|<duration>` (`tw-…|24h`); see cards/mute-options.ts. */
  findingMute: 'finding_mute',
  findingShowEvents: 'finding_show_events',
  findingContain: 'finding_contain',
  incidentShowFindings: 'incident_show_findings',
  /** Contain from the incident's parent card; the button's value is the incident id. */
  incidentContain: 'incident_contain',
  whoDidMore: 'who_did_more',
  /** One containment option offered after Contain; value `<findingId>|<kind>`. */
  remediationRequest: 'remediation_request',
  remediationApprove: 'remediation_approve',
  remediationDeny: 'remediation_deny',
  homeRefresh: 'home_refresh',
  /** "Did you do this?" in the actor's DM (cards/ask-actor.ts); the button's value is the ask id. */
  askYes: 'ask_yes',
  askNo: 'ask_no',
} as const;

/** Modal callback_ids. */
export const VIEW = {
  falsePositiveReason: 'finding_false_positive_view',
  /** The reason box after Yes / No on "did you do this?". */
  askAnswer: 'ask_answer_view',
} as const;

/** The slash command trailwatch registers (manifest.yml says the same). */
export const SLASH_COMMAND = '/trail';
