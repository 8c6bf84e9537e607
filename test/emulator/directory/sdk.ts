/** What the directory conformance tests share: Okta's errors as the SDK throws them, and collections as arrays. */
export interface SdkError {
  status: number;
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

export async function errorOf(promise: Promise<unknown>): Promise<SdkError> {
  const error = (await promise.then(() => undefined, (caught: unknown) => caught)) as SdkError | undefined;
  if (!error) throw new Error('expected the call to fail');
  return error;
}

/** Every item of an SDK collection (some list calls are typed as arrays but answer collections). */
export async function all<T>(collection: Promise<unknown>): Promise<T[]> {
  const items: T[] = [];
  await ((await collection) as { each(fn: (item: T) => void): Promise<unknown> }).each((item) => {
    items.push(item);
  });
  return items;
}
