import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const dynalite = createRequire(import.meta.url)('dynalite') as (options: { createTableMs: number }) => Server;

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** dynalite on an ephemeral port with the real DynamoDB client pointed at it. */
export async function startDynamo(tables: string[]) {
  const server = dynalite({ createTableMs: 0 });
  const endpoint = await listen(server);
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  for (const TableName of tables) {
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  return {
    client,
    async stop() {
      client.destroy();
      await close(server);
    },
  };
}

export interface SentMessage {
  messageId: string;
  body: string;
}

/**
 * A small SQS stand-in speaking the AWS JSON 1.0 protocol for SendMessage and SendMessageBatch.
 * `failNext` makes the next n entries fail, as SQS reports per-entry failures.
 */
export async function startFakeSqs() {
  const messages: SentMessage[] = [];
  const calls: { target: string; entries: number; bytes: number }[] = [];
  const state = { failNext: 0 };
  const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['content-type'] !== 'application/x-amz-json-1.0') {
        return reply(400, { __type: 'com.amazon.coral.service#UnsupportedMediaType', message: 'wrong content type' });
      }
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        MessageBody?: string;
        Entries?: { Id: string; MessageBody: string }[];
      };
      if (target === 'AmazonSQS.SendMessage') {
        const messageId = randomUUID();
        messages.push({ messageId, body: input.MessageBody ?? '' });
        calls.push({ target, entries: 1, bytes: Buffer.byteLength(input.MessageBody ?? '') });
        return reply(200, { MessageId: messageId, MD5OfMessageBody: md5(input.MessageBody ?? '') });
      }
      if (target === 'AmazonSQS.SendMessageBatch') {
        const entries = input.Entries ?? [];
        calls.push({ target, entries: entries.length, bytes: entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody), 0) });
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const entry of entries) {
          if (state.failNext > 0) {
            state.failNext--;
            Failed.push({ Id: entry.Id, SenderFault: false, Code: 'InternalError', Message: 'try again' });
            continue;
          }
          const messageId = randomUUID();
          messages.push({ messageId, body: entry.MessageBody });
          Successful.push({ Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5(entry.MessageBody) });
        }
        return reply(200, { Successful, Failed });
      }
      return reply(400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `unsupported ${target}` });
    });
  });
  const endpoint = await listen(server);
  const client = new SQSClient({ endpoint, region: 'us-east-1', credentials });
  return {
    client,
    queueUrl: `${endpoint}/000000000000/gatehook-events`,
    messages,
    calls,
    state,
    async stop() {
      client.destroy();
      await close(server);
    },
  };
}
