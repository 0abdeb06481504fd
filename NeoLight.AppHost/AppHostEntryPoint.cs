namespace NeoLight.AppHost;

/// <summary>A type of this assembly, so <c>DistributedApplicationTestingBuilder.CreateAsync&lt;AppHostEntryPoint&gt;()</c> finds Program.cs.</summary>
public sealed class AppHostEntryPoint;
