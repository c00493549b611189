// The command-table entries of simulate, blast-radius and emergency.
#include "simulation_commands.h"

namespace rolegraph::cli {

std::vector<Command> SimulationCommands() {
  constexpr OutputFormat kText = OutputFormat::kText;
  constexpr OutputFormat kJson = OutputFormat::kJson;
  return {
      {.name = "simulate",
       .usage = "simulate MODEL (--delta FILE | --switch ID=on|off ...) [flags]",
       .summary = "Show who gains and loses which privileges and roles under a "
                  "model change, before making it. Without --delta, the "
                  "--switch flags are the change.",
       .flags = {{.name = "delta", .value_name = "FILE",
                  .help = "a rolegraph.v1.ModelDelta (.json, .txtpb, .textproto, "
                          ".pbtxt, .binpb or .pb); --switch flags then set the "
                          "context the delta is simulated in"}},
       .formats = {kText, kJson},
       .run = RunSimulate},
      {.name = "blast-radius",
       .usage = "blast-radius MODEL (--role R | --user U | --top N) [flags]",
       .summary = "Show what an attacker holding a role or a user account "
                  "gains, now and with each switch on, or rank every role.",
       .flags = {{.name = "role", .value_name = "R",
                  .help = "role id: measures a new user holding only this role"},
                 {.name = "user", .value_name = "U",
                  .help = "user id: measures the account, re-enabled if dormant"},
                 {.name = "top", .value_name = "N",
                  .help = "rank roles by score and list the first N (0 for all)"},
                 {.name = "rare-holders", .value_name = "N",
                  .help = "report critical privileges held by at most N other "
                          "active users (default 3)"}},
       .formats = {kText, kJson},
       .run = RunBlastRadius},
      {.name = "emergency",
       .usage = "emergency (activate|deactivate|status) MODEL [flags]",
       .summary = "Turn an emergency switch on with an expiry, or off, with an "
                  "actor, a reason and an audit record; or list the switches "
                  "that are on and who holds privileges through them.",
       .flags = {{.name = "switch", .value_name = "ID",
                  .help = "activate, deactivate: the switch to change"},
                 {.name = "ttl", .value_name = "DURATION",
                  .help = "activate: time until the switch expires, such as 4h "
                          "or 90m; at most the switch's max_ttl"},
                 {.name = "reason", .value_name = "TEXT",
                  .help = "activate, deactivate: why, such as the incident "
                          "ticket (required)"},
                 {.name = "actor", .value_name = "ID",
                  .help = "activate, deactivate: who makes the change (required)"},
                 {.name = "audit", .value_name = "FILE",
                  .help = "JSON Lines audit log (default MODEL.audit.jsonl)"},
                 {.name = "lock-timeout", .value_name = "DURATION",
                  .help = "how long to wait for another operation on the model "
                          "(default 30s)"},
                 {.name = "dry-run", .takes_value = false,
                  .help = "activate, deactivate: print the preview and change "
                          "nothing"}},
       .formats = {kText, kJson},
       .run = RunEmergency},
  };
}

}  // namespace rolegraph::cli
