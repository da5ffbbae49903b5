using Infra.App.Data;
using Infra.App.Health;
using Infra.App.Hosting;
using Infra.App.Jobs;
using Infra.App.Json;
using Infra.App.Metrics;
using Infra.App.Redis;
using Infra.App.Security;
using Infra.App.Settings;
using Infra.App.Tasks;
using Infra.App.Updates;

if (MigrateCommand.IsInvoked(args)) return await MigrateCommand.RunAsync();
if (HealthCheckCommand.IsInvoked(args)) return await HealthCheckCommand.RunAsync(args);
if (WorkerCommand.IsInvoked(args)) return await WorkerCommand.RunAsync();
if (CleanupCommand.IsInvoked(args)) return await CleanupCommand.RunAsync(args);

// Production always: the developer exception page would send stack traces, which the contract forbids.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, EnvironmentName = Environments.Production });
builder.AddJsonLogging();
builder.AddWebServer();
builder.AddStrictJson();
builder.AddMetrics();
builder.AddPostgres();
builder.AddRedis();
builder.AddHealth();
builder.AddSecurity();
builder.AddTasks();
builder.AddTaskUpdates();

var app = builder.Build();
app.UseForwardedHeaders();
app.UseRouting();
app.UseRequestMetrics();
app.UseProblemResponses();
app.UseMetricsPort();
app.UseSecurityHeaders();
app.UseDrain();
app.UseCors();
app.UseRateLimit();
app.UseWebSockets();

app.MapHealth();
app.MapMetrics();
app.MapTasks();
app.MapTaskUpdates();

return await StartupErrors.ExplainAsync(app.Services, async () =>
{
    await app.RunAsync();
    return 0;
});
