import { ActivityRequestMother } from "./activity-request.mother";
import { httpClient } from "./http-client";

export const OPERATOR_TOKEN = "operator-token-for-tests-0123456789";

/** Deploys an activity through the operator API and moves it to DOING, as an operator would. */
export async function deployDoing(baseUrl: string, body: ReturnType<typeof ActivityRequestMother.reference>): Promise<number> {
  const operator = httpClient(baseUrl, OPERATOR_TOKEN);
  const deployed = await operator.post("/api/v1/activities", body);
  if (deployed.status !== 201) throw new Error(`deploy failed: ${JSON.stringify(deployed.body)}`);
  for (const action of ["arraign", "pass", "doing"]) {
    const moved = await operator.post(`/api/v1/activities/${body.activityId}/state`, { action });
    if (moved.status !== 200) throw new Error(`${action} failed: ${JSON.stringify(moved.body)}`);
  }
  return body.activityId as number;
}
