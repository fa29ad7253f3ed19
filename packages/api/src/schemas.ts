import { z } from "zod";

export const emailSchema = z.email({ error: "Enter a valid email address." }).max(254).transform((e) => e.toLowerCase());
export const passwordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters for the password." })
  .max(200, { error: "Passwords are limited to 200 characters." });
export const personNameSchema = z.string().trim().min(1, { error: "Enter your name." }).max(80, { error: "Names are limited to 80 characters." });
export const workspaceNameSchema = z.string().trim().min(1, { error: "Enter a workspace name." }).max(80, { error: "Workspace names are limited to 80 characters." });
export const botNameSchema = z.string().trim().min(1, { error: "Enter a bot name." }).max(60, { error: "Bot names are limited to 60 characters." });
export const roleSchema = z.enum(["OWNER", "ADMIN", "AGENT"]);
export const planSchema = z.enum(["FREE", "STARTER", "PRO", "ENTERPRISE"]);
