/** The AWS dead-letter table: one DynamoDB item per parked event, keyed by its id. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DeadLetter, DeadLetterStore } from '../../runtime/contracts.js';

export interface DynamoDeadLetterStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Partition key attribute (string). Default `id`. */
  keyAttribute?: string;
}

const CHUNK = 25;
// Unprocessed items come back when DynamoDB throttles; the SDK already backs off between calls.
const MAX_ROUNDS = 5;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class DynamoDeadLetterStore implements DeadLetterStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #keyAttribute: string;

  constructor(options: DynamoDeadLetterStoreOptions) {
    if (!options.tableName) throw new TypeError('DynamoDeadLetterStore needs a tableName');
    this.#doc = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = options.tableName;
    this.#keyAttribute = options.keyAttribute ?? 'id';
  }

  async park(entry: DeadLetter): Promise<void> {
    // The event is stored as JSON text: a LogEvent's nulls and nesting survive unchanged.
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          [this.#keyAttribute]: entry.id,
          deliveryId: entry.deliveryId,
          event: JSON.stringify(entry.event ?? null),
          errorCode: entry.error.code,
          errorMessage: entry.error.message,
          attempts: entry.attempts,
          failedAt: entry.failedAt,
        },
      }),
    );
  }

  async list(options: { ids?: readonly string[]; limit?: number } = {}): Promise<DeadLetter[]> {
    const limit = options.limit ?? 1000;
    const items: Record<string, unknown>[] = [];
    if (options.ids) {
      for (const ids of chunks([...new Set(options.ids)], 100)) {
        let keys: Record<string, unknown>[] = ids.map((id) => ({ [this.#keyAttribute]: id }));
        for (let round = 0; keys.length > 0; round++) {
          if (round === MAX_ROUNDS) throw new Error(`DynamoDB left ${keys.length} dead letters unread after ${MAX_ROUNDS} rounds`);
          const result = await this.#doc.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }));
          items.push(...(result.Responses?.[this.#table] ?? []));
          keys = result.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        }
      }
    } else {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.#doc.send(new ScanCommand({ TableName: this.#table, ExclusiveStartKey: start, ConsistentRead: true }));
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start && items.length < limit);
    }
    return items
      .map((item) => this.#toDeadLetter(item))
      .sort((a, b) => a.failedAt.localeCompare(b.failedAt) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const group of chunks([...new Set(ids)], CHUNK)) {
      let requests = group.map((id) => ({ DeleteRequest: { Key: { [this.#keyAttribute]: id } } }));
      for (let round = 0; requests.length > 0; round++) {
        if (round === MAX_ROUNDS) throw new Error(`DynamoDB left ${requests.length} dead letters undeleted after ${MAX_ROUNDS} rounds`);
        const result = await this.#doc.send(new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }));
        requests = (result.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
      }
    }
  }

  #toDeadLetter(item: Record<string, unknown>): DeadLetter {
    return {
      id: String(item[this.#keyAttribute]),
      deliveryId: String(item.deliveryId),
      event: JSON.parse(String(item.event)) as unknown,
      error: { code: String(item.errorCode), message: String(item.errorMessage) },
      attempts: Number(item.attempts),
      failedAt: String(item.failedAt),
    };
  }
}
