export { ecsReleaseFor, ecsSchema, EcsSchema, NEWEST_ECS_RELEASE, wildcardRegex, type EcsRelease } from "./schema";
