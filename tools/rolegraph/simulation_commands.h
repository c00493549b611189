// The simulation, blast-radius and emergency commands. commands.cc adds
// SimulationCommands() to the command table.
#ifndef ROLEGRAPH_TOOLS_ROLEGRAPH_SIMULATION_COMMANDS_H_
#define ROLEGRAPH_TOOLS_ROLEGRAPH_SIMULATION_COMMANDS_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "arguments.h"
#include "commands.h"
#include "rolegraph/v1/results.pb.h"

namespace rolegraph::cli {

// The table entries of simulate, blast-radius and emergency.
std::vector<Command> SimulationCommands();

absl::StatusOr<int> RunSimulate(const ParsedArguments& arguments);
absl::StatusOr<int> RunBlastRadius(const ParsedArguments& arguments);
absl::StatusOr<int> RunEmergency(const ParsedArguments& arguments);

// The text form of a simulation result: totals first, then the users.
void PrintSimulationText(const v1::SimulationResult& result, int limit,
                         std::ostream& out);

}  // namespace rolegraph::cli

#endif  // ROLEGRAPH_TOOLS_ROLEGRAPH_SIMULATION_COMMANDS_H_
