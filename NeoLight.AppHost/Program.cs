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

builder.Build().Run();
