// Placeholder: the SDK work replaces this file with the real client core.
export interface OktaClient {
  readonly orgUrl: string;
}
