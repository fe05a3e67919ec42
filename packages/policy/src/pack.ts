/**
 * The esac policy pack, as Pulumi runs it: `pulumi preview --policy-pack <this package>` (a CLI whose Node.js
 * language host runs policy packs) or `--policy-pack <this package>/bin/esac-policy-pack` (any CLI since binary
 * analyzers, including the one scripts/pulumi-cli.sh builds). Loading this module starts the policy server.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";
import { captureStackInfo, toPulumiPolicies } from "./wiring";

captureStackInfo();

new PolicyPack("esac", {
  policies: toPulumiPolicies(POLICIES),
});
