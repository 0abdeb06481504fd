#pragma warning disable CA1050 // the runtime looks the hook up by this exact name, outside any namespace

/// <summary>The entry the runtime calls in a service started with this assembly in <c>DOTNET_STARTUP_HOOKS</c>.</summary>
internal static class StartupHook
{
    public static void Initialize() => NeoLight.Tests.Infrastructure.ParentProcessWatcher.Start();
}
