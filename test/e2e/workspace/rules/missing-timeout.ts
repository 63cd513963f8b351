// Lines marked `expect: missing-timeout` must be reported, and no other line.
export async function getUser(id: string): Promise<unknown> {
  const response = await fetch(`https://api.example.com/users/${id}`); // expect: missing-timeout
  return response.json();
}

export async function getUserWithTimeout(id: string): Promise<unknown> {
  const response = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(10000) });
  return response.json();
}
