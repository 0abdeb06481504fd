using NeoLight.Storage;
using NeoLight.Http;
using NeoLight.Dashboard;
using NeoLight.Dashboard.Api;

var builder = WebApplication.CreateSlimBuilder(args.WithoutConfigurationReload());

builder.AddServiceDefaults("NeoLight Dashboard", uptimeStyle: UptimeStyle.HoursMinutes);
builder.AddHttpConventions("NeoLight Dashboard");
builder.UseServicePort(8100, "PORT");
// The page's files are found from the build output too, not only when published or in Development.
builder.WebHost.UseStaticWebAssets();
builder.AddDashboard();

var app = builder.Build();

app.UseHttpConventions();
app.MapStaticAssets();
app.MapDashboardEndpoints();
app.MapPageEndpoints();
app.MapDefaultEndpoints();

await app.RunAsync();
