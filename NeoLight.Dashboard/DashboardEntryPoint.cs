namespace NeoLight.Dashboard;

/// <summary>A type of this assembly for <c>WebApplicationFactory&lt;T&gt;</c>: every service's Program is global and would clash.</summary>
public sealed class DashboardEntryPoint;
