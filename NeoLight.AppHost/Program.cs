using NeoLight.AppHost;
using NeoLight.AppHost.Validation;

// The whole system on Aspire. Ports, the state folder and timeouts can be overridden from configuration
// (--Resources:dashboard:Port=9100, --AppHost:StateDirectory=/data/neolight, AppHost:WaitForTimeoutSeconds, --Storage=postgres, …).
// `validate` as the first argument runs the same graph on free ports and a throw-away state folder, checks it, and exits.
var validate = ValidateCommand.Parse(args);
var builder = DistributedApplication.CreateBuilder(validate?.BuilderOptions(args) ?? new DistributedApplicationOptions { Args = args });
var state = builder.StateDirectory();
var apiKey = builder.AddApiKey();

var dashboard = builder.AddProject<Projects.NeoLight_Dashboard>("dashboard")
    .WithBuiltExecutable()
    .WithServiceEndpoint(8100, env: "PORT")
    .WithHttpHealthCheck("/health")
    .WithApiReference()
    .WithApiKey(apiKey)
    .WithEnvironment("DASHBOARD_DB_PATH", Path.Combine(state, "dashboard.db"))
    .WithEnvironment("METRICS_PATH", Path.Combine(state, "meta_metrics.json"))
    .WithRestartPolicy()
    .WithValidateCommand();

var risk = builder.AddProject<Projects.NeoLight_RiskEngine>("risk-engine")
    .WithBuiltExecutable()
    .WithServiceEndpoint(8300, env: "RISK_ENGINE_PORT")
    .WithHttpHealthCheck("/health")
    .WithApiReference()
    .WithApiKey(apiKey)
    .WithEnvironment("RISK_STATE_PATH", Path.Combine(state, "risk_state.json"))
    .WithRestartPolicy()
    .WithKillSwitchCommands()
    .WaitFor(dashboard).WithWaitTimeout();

// The dashboard's page shows the risk engine's figures: it finds it as http://risk-engine (no wait: it degrades visibly).
dashboard.WithReference(risk);

// --Storage=postgres: one shared database, and two replicas of each stateful service behind its one address.
var database = builder.AddSharedStorage(state);
if (database is not null)
{
    dashboard.WithReference(database).WaitFor(database).WithSharedReplicas(2);
    risk.WithReference(database).WaitFor(database).WithSharedReplicas(2);
}

// One project, three agents. Under the AppHost the loop runs fast: a market hour every half second,
// telemetry every 5 s, the governor every 10 s (standalone defaults are the original's 300 s).
var trader = builder.AddProject<Projects.NeoLight_Agents>("trader")
    .WithArgs("trader")
    .WithBuiltExecutable()
    .WithServiceEndpoint(8401, env: "AGENT_PORT")
    .WithHttpHealthCheck("/health")
    .WithApiKey(apiKey)
    .WithEnvironment("NL_TRADER_TICK_MS", "500")
    .WithEnvironment("NL_TRADER_JOURNAL_PATH", Path.Combine(state, "trader_journal.db"))
    .WithReference(dashboard).WithReference(risk)
    .WithRestartPolicy()
    .WithResetCommand()
    .WaitFor(dashboard).WaitFor(risk).WithWaitTimeout();

// With --Storage=postgres the trader journals to the shared database too.
if (database is not null) trader.WithReference(database).WaitFor(database);

builder.AddProject<Projects.NeoLight_Agents>("telemetry")
    .WithArgs("telemetry")
    .WithBuiltExecutable()
    .WithServiceEndpoint(8402, env: "AGENT_PORT")
    .WithHttpHealthCheck("/health")
    .WithApiKey(apiKey)
    .WithEnvironment("NL_TELEMETRY_INTERVAL_SEC", "5")
    .WithReference(dashboard).WithReference(risk).WithReference(trader)
    .WithRestartPolicy()
    .WaitFor(dashboard).WaitFor(risk).WithWaitTimeout();

builder.AddProject<Projects.NeoLight_Agents>("governor")
    .WithArgs("governor")
    .WithBuiltExecutable()
    .WithServiceEndpoint(8403, env: "AGENT_PORT")
    .WithHttpHealthCheck("/health")
    .WithApiKey(apiKey)
    .WithEnvironment("CAPITAL_GOVERNOR_INTERVAL", "10")
    .WithReference(dashboard).WithReference(risk)
    .WithRestartPolicy()
    .WaitFor(dashboard).WaitFor(risk).WithWaitTimeout();

var app = builder.Build();
return validate is null ? await app.RunOrExplainAsync() : await validate.RunAsync(app);
