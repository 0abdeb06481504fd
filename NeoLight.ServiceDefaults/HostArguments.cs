namespace Microsoft.Extensions.Hosting;

public static class HostArguments
{
    /// <summary>
    /// The service's arguments with configuration reload turned off. The services read their settings once (they ship
    /// no appsettings file to edit while running), and the reload watcher walks the whole content root — the project
    /// folder under the AppHost, bin and obj included: 800+ inotify watches and a file walk before the first request.
    /// </summary>
    public static string[] WithoutConfigurationReload(this string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];
}
