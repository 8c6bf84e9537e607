/** What the conformance tests read from Okta's own SDK: the error it throws, and every item of a collection. */

/** The fields of the SDK's `OktaApiError` the tests check. */
export interface ApiErrorShape {
  status: number;
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

/** The error the call rejects with; fails the test when the call succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<ApiErrorShape> {
  const error = (await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as ApiErrorShape | undefined;
  if (!error) throw new Error('expected the call to fail');
  return error;
}

/** Every item of an SDK collection, across its pages. */
export async function all<T>(collection: Promise<{ each(fn: (item: T) => void): Promise<unknown> }>): Promise<T[]> {
  const items: T[] = [];
  await (await collection).each((item) => {
    items.push(item);
  });
  return items;
}
