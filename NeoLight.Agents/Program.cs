var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("NeoLight Agents");
builder.UseServicePort(8400, "AGENTS_PORT");

var app = builder.Build();

// The trader, telemetry and governor agents arrive with their own issue; until then this host answers only its probes.
app.MapDefaultEndpoints();

app.Run();
