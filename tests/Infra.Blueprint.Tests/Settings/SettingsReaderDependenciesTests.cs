using Infra.Blueprint.Settings;
using Infra.TestKit;

namespace Infra.Blueprint.Tests.Settings;

/// <summary>A rule relating settings stays silent about settings that could not be read: their errors are the report.</summary>
public sealed class SettingsReaderDependenciesTests
{
    private static IReadOnlyList<SettingsError> Errors(StackConfig config) =>
        Assert.Throws<SettingsException>(() => config.ToSettings(checkSecrets: false)).Errors;

    [Fact]
    public void UnparseableHostLinesReportTheirParseErrorsNotAMissingDbHost()
    {
        var config = Repository.Stack("staging").WithList(
            "hosts",
            "node-1 203.0.113.10 roles=manager,edge,monitoring memoryMb=4096 cpus=2",
            "node-2 203.0.113.11 roles=db memoryMb=lots cpus=2",
            "node-3 203.0.113.12 roles=db,worker memoryMb=4096 cpus=two");

        var errors = Errors(config);

        Assert.Equal(["infra:hosts[1].memoryMb", "infra:hosts[2].cpus"], errors.Select(e => e.Path));
        Assert.DoesNotContain(errors, e => e.Message.Contains("db role", StringComparison.Ordinal));
    }

    [Fact]
    public void AReplicaCountThatIsNotANumberIsNotAlsoTooFewForProduction()
    {
        var errors = Errors(Repository.Stack("prod").With("app.replicas", "two"));

        Assert.Equal("infra:app.replicas: expected a whole number between 1 and 50 (got 'two')", Assert.Single(errors).ToString());
    }

    [Fact]
    public void AZoneThatIsNotADnsNameDoesNotPutTheDomainOutsideIt()
    {
        var errors = Errors(Repository.Stack("staging").With("cloudflare.zone", "example_com"));

        Assert.Equal(["infra:cloudflare.zone"], errors.Select(e => e.Path));
    }

    [Fact]
    public void ARuleStillRunsWhenItsSettingsAreSound()
    {
        var errors = Errors(Repository.Stack("staging").WithList("hosts", "node-1 203.0.113.10 roles=manager,edge,monitoring memoryMb=4096 cpus=2"));

        Assert.Contains(errors, e => e.Path == "infra:hosts" && e.Message.StartsWith("exactly one host must have the db role", StringComparison.Ordinal) && e.Message.EndsWith("(got 0)", StringComparison.Ordinal));
    }
}
