using NeoLight.Agents;

var builder = WebApplication.CreateSlimBuilder(args.WithoutConfigurationReload());
var role = AgentRoles.Resolve(args, builder.Configuration);

builder.AddServiceDefaults($"NeoLight Agent ({role})");
builder.UseServicePort(AgentRoles.DefaultPort(role), "AGENT_PORT", "PORT");
builder.AddAgent(role);

var app = builder.Build();

app.MapAgentEndpoints(role);
app.MapDefaultEndpoints();

app.Run();
