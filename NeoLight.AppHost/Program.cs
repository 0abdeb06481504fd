using NeoLight.AppHost;
using NeoLight.AppHost.Extensions;
using NeoLight.AppHost.Validation;
using NeoLight.Validation;

// The whole system on Aspire. Ports, the state folder and timeouts can be overridden from configuration
// (--Resources:dashboard:Port=9100, --AppHost:StateDirectory=/data/neolight, AppHost:WaitForTimeoutSeconds, --Storage=postgres, …).
// `validate` as the first argument runs the same graph on free ports and a throw-away state folder, checks it, and exits.
var validate = ValidateCommand.Parse(args, out var parseExit);
if (parseExit is { } helpOrMistake) return helpOrMistake;
var builder = DistributedApplication.CreateBuilder(validate?.BuilderOptions(args) ?? new DistributedApplicationOptions { Args = args });
var state = builder.StateDirectory();
var apiKey = builder.AddApiKey();

var dashboard = builder.AddNeoLightService<Projects.NeoLight_Dashboard>("dashboard", 8100, "PORT", apiKey)
    .WithApiReference()
    .WithEnvironment("DASHBOARD_DB_PATH", Path.Combine(state, "dashboard.db"))
    .WithEnvironment("METRICS_PATH", Path.Combine(state, "meta_metrics.json"))
    .WithValidateCommand();

// The risk engine calls nobody: it starts beside the dashboard, not after it.
var risk = builder.AddNeoLightService<Projects.NeoLight_RiskEngine>("risk-engine", 8300, "RISK_ENGINE_PORT", apiKey)
    .WithApiReference()
    .WithEnvironment("RISK_STATE_PATH", Path.Combine(state, "risk_state.json"))
    .WithKillSwitchCommands();

// The dashboard's page shows the risk engine's figures: it finds it as http://risk-engine (no wait: it degrades visibly).
dashboard.WithReference(risk);

// --Storage=postgres: one shared database, and two replicas of each stateful service behind its one address.
var database = builder.AddSharedStorage(state);
if (database is not null)
{
    dashboard.WithReference(database).WaitFor(database).WithSharedReplicas(2);
    risk.WithReference(database).WaitFor(database).WithWaitTimeout().WithSharedReplicas(2);
}

// One project, three agents. Under the AppHost the loop runs fast: a market hour every half second,
// telemetry every 5 s, the governor every 10 s (standalone defaults are the original's 300 s).
// Only the trader waits for its peers (no order is filled without the risk engine's verdict); the telemetry agent and the
// governor start beside them, as their calls to a peer that is not up yet are retried and then skipped for one round.
var trader = builder.AddNeoLightService<Projects.NeoLight_Agents>("trader", 8401, "AGENT_PORT", apiKey)
    .WithArgs("trader")
    .WithEnvironment("NL_TRADER_TICK_MS", "500")
    .WithEnvironment("NL_TRADER_JOURNAL_PATH", Path.Combine(state, "trader_journal.db"))
    .WithReference(dashboard).WithReference(risk)
    .WithResetCommand()
    .WaitFor(dashboard).WaitFor(risk).WithWaitTimeout();

// With --Storage=postgres the trader journals to the shared database too.
if (database is not null) trader.WithReference(database).WaitFor(database);

builder.AddNeoLightService<Projects.NeoLight_Agents>("telemetry", 8402, "AGENT_PORT", apiKey)
    .WithArgs("telemetry")
    .WithEnvironment("NL_TELEMETRY_INTERVAL_SEC", "5")
    .WithReference(dashboard).WithReference(risk).WithReference(trader);

builder.AddNeoLightService<Projects.NeoLight_Agents>("governor", 8403, "AGENT_PORT", apiKey)
    .WithArgs("governor")
    .WithEnvironment("CAPITAL_GOVERNOR_INTERVAL", "10")
    .WithReference(dashboard).WithReference(risk);

var app = builder.Build();
return validate is null ? await app.RunOrExplainAsync() : await validate.RunAsync(app);
