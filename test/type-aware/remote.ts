import axios from "axios";

/** A request to another service: what a caller's fan-out costs, seen only through the type checker. */
export async function loadProfile(id: string): Promise<unknown> {
  const response = await axios.get(`https://api.example.com/profiles/${id}`, { timeout: 10_000 });
  return response.data;
}

export function label(id: string): string {
  return id.toUpperCase();
}
