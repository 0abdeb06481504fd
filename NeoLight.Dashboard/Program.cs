var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("NeoLight Dashboard", uptimeStyle: UptimeStyle.HoursMinutes);
builder.UseServicePort(8100, "PORT");

var app = builder.Build();

// The dashboard's API and page arrive with their own issue; until then it answers only its probes.
app.MapDefaultEndpoints();

app.Run();
