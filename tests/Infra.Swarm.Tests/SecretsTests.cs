namespace Infra.Swarm.Tests;

/// <summary>Secrets reach each task as files with the planned owner and mode, and nowhere else.</summary>
[Collection(SwarmCollection.Name)]
public sealed class SecretsTests(SwarmFixture fixture)
{
    [Fact]
    public async Task EverySecretIsAFileWithThePlannedOwnerAndMode()
    {
        foreach (var service in fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name)))
        {
            var container = await fixture.Container(service.Name);
            foreach (var mount in service.Secrets)
            {
                var path = $"/run/secrets/{mount.FileName}";
                var stat = fixture.Node.ExecIn(container, ["stat", "-c", "%u %g %a", path], user: "0").Stdout.Trim();
                var mode = Convert.ToString(mount.Mode, 8);
                Assert.True(stat == $"{mount.Uid} {mount.Gid} {mode}", $"service {service.Name}: {path} is '{stat}' (uid gid mode), planned '{mount.Uid} {mount.Gid} {mode}'");
                var content = fixture.Node.ExecIn(container, ["cat", path], user: "0").Stdout;
                Assert.True(content == fixture.SecretValues[mount.Secret], $"service {service.Name}: {path} does not hold the secret {mount.Secret}");
            }
        }
    }

    [Fact]
    public async Task NoSecretValueAppearsInServiceInspectOrTheEnvironment()
    {
        foreach (var service in fixture.Plan.Services.Where(s => !fixture.NotDeployed.Contains(s.Name)))
        {
            var inspect = fixture.Node.Exec(["docker", "service", "inspect", service.Name]).Stdout;
            var environment = fixture.Node.ExecIn(await fixture.Container(service.Name), ["env"], user: "0").Stdout;
            foreach (var (name, value) in fixture.SecretValues.Where(v => v.Value.Length >= 16))
            {
                Assert.False(inspect.Contains(value, StringComparison.Ordinal), $"docker service inspect {service.Name} shows the value of the secret {name}");
                Assert.False(environment.Contains(value, StringComparison.Ordinal), $"the environment of {service.Name} holds the value of the secret {name}");
            }
        }
    }
}
