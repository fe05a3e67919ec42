/** Creates `dir` as a PULUMI_HOME; unless `automaticLogs`, with Pulumi's automatic log turned off. Returns `dir`. */
export function pulumiHome(dir: string, opts?: { automaticLogs?: boolean }): string;
