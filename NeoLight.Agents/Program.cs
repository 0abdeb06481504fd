using NeoLight.Storage;
using NeoLight.Http;
using NeoLight.Agents;
using NeoLight.Agents.Backtest;

// `backtest` runs the trading core over simulated steps or a CSV from the terminal, and exits.
if (BacktestCli.IsRequested(args))
    return await BacktestCli.RunAsync(args, new ConfigurationBuilder().AddEnvironmentVariables().Build());

var builder = WebApplication.CreateSlimBuilder(args.WithoutConfigurationReload());
var role = AgentRoles.Resolve(args, builder.Configuration);

builder.AddServiceDefaults($"NeoLight Agent ({role})");
builder.AddHttpConventions($"NeoLight Agent ({role})");
builder.UseServicePort(AgentRoles.DefaultPort(role), "AGENT_PORT", "PORT");
builder.AddAgent(role);

var app = builder.Build();

app.UseHttpConventions();
app.MapAgentEndpoints(role);
app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
