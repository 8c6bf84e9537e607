/**
 * The AWS `IdempotencyStore`: one DynamoDB item per event uuid, claimed with a conditional put.
 * `expiration` (epoch seconds) is the table's TTL attribute; since DynamoDB deletes expired items
 * only eventually, the condition also treats an expired item as absent.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ClaimResult, IdempotencyStore } from '../../runtime/contracts.js';

export interface DynamoIdempotencyStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Partition key attribute (string). Default `id`. */
  keyAttribute?: string;
  /** Prefix of stored keys, so one table can serve several apps. Default `event#`. */
  keyPrefix?: string;
  now?: () => number;
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #keyAttribute: string;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: DynamoIdempotencyStoreOptions) {
    if (!options.tableName) throw new TypeError('DynamoIdempotencyStore needs a tableName');
    this.#doc = DynamoDBDocumentClient.from(options.client);
    this.#table = options.tableName;
    this.#keyAttribute = options.keyAttribute ?? 'id';
    this.#prefix = options.keyPrefix ?? 'event#';
    this.#now = options.now ?? Date.now;
  }

  #key(key: string) {
    return { [this.#keyAttribute]: this.#prefix + key };
  }

  async claim(key: string, options: { inProgressTtlMs: number }): Promise<ClaimResult> {
    const now = this.#now();
    const token = crypto.randomUUID();
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...this.#key(key),
            status: 'IN_PROGRESS',
            token,
            expiresAtMs: now + options.inProgressTtlMs,
            expiration: Math.ceil((now + options.inProgressTtlMs) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(#k) OR expiresAtMs <= :now',
          ExpressionAttributeNames: { '#k': this.#keyAttribute },
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return { status: 'claimed', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: this.#key(key), ConsistentRead: true }));
    return existing.Item?.status === 'COMPLETED' ? { status: 'completed' } : { status: 'in-progress' };
  }

  async complete(key: string, token: string, options: { ttlMs: number }): Promise<void> {
    const until = this.#now() + options.ttlMs;
    await unlessTakenOver(
      this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: this.#key(key),
          UpdateExpression: 'SET #s = :completed, expiresAtMs = :until, expiration = :ttl',
          ConditionExpression: '#t = :token',
          ExpressionAttributeNames: { '#s': 'status', '#t': 'token' },
          ExpressionAttributeValues: { ':completed': 'COMPLETED', ':until': until, ':ttl': Math.ceil(until / 1000), ':token': token },
        }),
      ),
    );
  }

  async release(key: string, token: string): Promise<void> {
    await unlessTakenOver(
      this.#doc.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: this.#key(key),
          ConditionExpression: '#t = :token',
          ExpressionAttributeNames: { '#t': 'token' },
          ExpressionAttributeValues: { ':token': token },
        }),
      ),
    );
  }
}

/** A failed token condition means our claim expired and another worker took the event: its record wins. */
async function unlessTakenOver(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
