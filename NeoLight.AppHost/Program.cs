using NeoLight.Hosting;

// The whole system, in Aspire's words. Ports and timeouts can be overridden from configuration
// (--Resources:dashboard:Port=8101, AppHost:WaitForTimeoutSeconds, …) without editing this file.
var builder = DistributedApplication.CreateBuilder(args);

var dashboard = builder.AddProject<Projects.NeoLight_Dashboard>("dashboard")
    .WithHttpEndpoint(port: 8100, env: "PORT")
    .WithHttpHealthCheck("/health");

var risk = builder.AddProject<Projects.NeoLight_RiskEngine>("risk-engine")
    .WithHttpEndpoint(port: 8300, env: "RISK_ENGINE_PORT")
    .WithHttpHealthCheck("/health")
    .WaitFor(dashboard);

// The dashboard's page shows the risk engine's figures: it finds it as http://risk-engine (no wait: it degrades visibly).
dashboard.WithReference(risk);

// One project, three agents. Under the AppHost the loop runs fast: a market hour every half second,
// telemetry every 5 s, the governor every 10 s (standalone defaults are the original's 300 s).
var trader = builder.AddProject<Projects.NeoLight_Agents>("trader")
    .WithArgs("trader")
    .WithHttpEndpoint(port: 8401, env: "AGENT_PORT")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("NL_TRADER_TICK_MS", "500")
    .WithReference(dashboard).WithReference(risk)
    .WaitFor(dashboard).WaitFor(risk);

builder.AddProject<Projects.NeoLight_Agents>("telemetry")
    .WithArgs("telemetry")
    .WithHttpEndpoint(port: 8402, env: "AGENT_PORT")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("NL_TELEMETRY_INTERVAL_SEC", "5")
    .WithReference(dashboard).WithReference(risk).WithReference(trader)
    .WaitFor(dashboard).WaitFor(risk);

builder.AddProject<Projects.NeoLight_Agents>("governor")
    .WithArgs("governor")
    .WithHttpEndpoint(port: 8403, env: "AGENT_PORT")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("CAPITAL_GOVERNOR_INTERVAL", "10")
    .WithReference(dashboard).WithReference(risk)
    .WaitFor(dashboard).WaitFor(risk);

builder.Build().Run();
