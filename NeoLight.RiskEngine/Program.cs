using NeoLight.Storage;
using NeoLight.Http;
using NeoLight.RiskEngine;
using NeoLight.RiskEngine.Api;

var builder = WebApplication.CreateSlimBuilder(args.WithoutConfigurationReload());

builder.AddServiceDefaults("NeoLight Risk Engine");
builder.AddHttpConventions("NeoLight Risk Engine");
builder.UseServicePort(8300, "RISK_ENGINE_PORT", "RISK_PORT");
builder.AddRiskEngine();

var app = builder.Build();

app.UseHttpConventions();
app.MapRiskEndpoints();
app.MapAnalyticsEndpoints();
app.MapDefaultEndpoints();

await app.RunAsync();
