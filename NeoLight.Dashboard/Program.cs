using NeoLight.Storage;
using NeoLight.Http;
using NeoLight.Dashboard;
using NeoLight.Dashboard.Api;
using NeoLight.Dashboard.Components;

var builder = WebApplication.CreateBuilder(args.WithoutConfigurationReload());

builder.AddServiceDefaults("NeoLight Dashboard", uptimeStyle: UptimeStyle.HoursMinutes);
builder.AddHttpConventions("NeoLight Dashboard");
builder.UseServicePort(8100, "PORT");
// The page's assets are found from the build output too, not only when published or in Development.
builder.WebHost.UseStaticWebAssets();
builder.AddDashboard();

var app = builder.Build();

app.UseHttpConventions();
app.UseServiceDocumentForNonBrowsers();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapDashboardEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

await app.RunAsync();
