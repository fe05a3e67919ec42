import { z } from "zod";

/**
 * Kibana spaces (`/api/spaces/space`), field names verbatim. The Spaces API is in none of Kibana's published OpenAPI
 * bundles, so this schema is the contract, written from Kibana's route validation:
 * `x-pack/platform/plugins/shared/spaces/server/lib/space_schema.ts` (`getSpaceSchema`, `SPACE_ID_REGEX`,
 * `MAX_SPACE_INITIALS`, `solutionSchema`) used as the body of `routes/api/external/post.ts` and `put.ts`. The route
 * uses `@kbn/config-schema`, so unknown keys are rejected. The emulator validates its requests and answers with it.
 */

/** Kibana's `SPACE_ID_REGEX`. */
export const SPACE_ID_PATTERN = /^[a-z0-9_-]+$/;
/** The space every Kibana has: `_reserved`, cannot be deleted (`spaces_client.ts` `delete`). */
export const DEFAULT_SPACE_ID = "default";
/** `MAX_SPACE_INITIALS` (spaces `common/constants.ts`). */
export const MAX_SPACE_INITIALS = 2;
/** `disabledFeatures` `maxSize`. */
export const MAX_DISABLED_FEATURES = 100;
/** `TRADITIONAL_SOLUTION_VIEWS` (stateful Kibana, 8.16 and later). */
export const SPACE_SOLUTIONS = ["es", "oblt", "security", "classic"] as const;
export type SpaceSolution = (typeof SPACE_SOLUTIONS)[number];

/** Kibana's own validation texts (space_schema.ts). */
export const SPACE_MESSAGES = {
  id: "must be lower case, a-z, 0-9, '_', and '-' are allowed",
  color: "must be a 6 digit hex color, starting with a #",
  imageUrl: "must start with 'data:image'",
} as const;

const isColor = (v: string) => /^#[a-zA-Z0-9]{6}$/.test(v);
const isImageUrl = (v: string) => v === "" || /^data:image.*$/.test(v);

type Mode = "kibana" | "check";

function build(mode: Mode) {
  const fields = {
    id: z.string().refine((v) => SPACE_ID_PATTERN.test(v), SPACE_MESSAGES.id),
    name:
      mode === "check"
        ? z
            .string()
            .min(1)
            .refine((v) => v.trim() !== "", "must not be blank")
            // Kibana trims the name it stores (spaces_client.ts create/update): a padded name would always differ.
            .refine((v) => v.trim() === v, "must not start or end with whitespace (Kibana trims it, so the stored name would differ)")
        : z.string().min(1),
    description: z.string().optional(),
    initials: z.string().max(MAX_SPACE_INITIALS).optional(),
    color: z.string().refine(isColor, SPACE_MESSAGES.color).optional(),
    disabledFeatures: z.array(z.string()).max(MAX_DISABLED_FEATURES),
    imageUrl: z.string().refine(isImageUrl, SPACE_MESSAGES.imageUrl).optional(),
    solution: z.enum(SPACE_SOLUTIONS).optional(),
  };
  return fields;
}

const kibana = build("kibana");
const check = build("check");

/**
 * `POST /api/spaces/space` and `PUT /api/spaces/space/{id}` body as Kibana validates it (key order = Kibana's, so
 * the first failure reported is Kibana's first). `_reserved` is accepted and ignored; `projectRouting` (newest
 * Kibana, cross-project search) is accepted by the schema and refused by the handler unless CPS is enabled.
 */
export const spaceBodySchema = z.strictObject({
  id: kibana.id,
  name: kibana.name,
  description: kibana.description,
  initials: kibana.initials,
  color: kibana.color,
  disabledFeatures: kibana.disabledFeatures.default([]),
  _reserved: z.boolean().optional(),
  imageUrl: kibana.imageUrl,
  projectRouting: z.string().optional(),
  solution: kibana.solution,
});

/** A space as Kibana returns it (`transformSavedObjectToSpace`: unset fields are left out, never filled). */
export const spaceSchema = z.strictObject({
  id: kibana.id,
  name: z.string(),
  description: kibana.description,
  initials: kibana.initials,
  color: kibana.color,
  imageUrl: kibana.imageUrl,
  disabledFeatures: z.array(z.string()),
  _reserved: z.boolean().optional(),
  solution: kibana.solution,
  projectRouting: z.string().optional(),
});

/** A space as a program writes it, checked at preview (no `_reserved`, no `projectRouting`). */
export const spaceCheckSchema = z.strictObject({
  id: check.id,
  name: check.name,
  description: check.description,
  initials: check.initials,
  color: check.color,
  disabledFeatures: check.disabledFeatures.optional(),
  imageUrl: check.imageUrl,
  solution: check.solution,
});

export type SpaceBody = z.input<typeof spaceBodySchema>;
export type Space = z.infer<typeof spaceSchema>;
