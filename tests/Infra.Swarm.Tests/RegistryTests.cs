using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Blueprint.Hosts;
using Infra.Blueprint.Platform;
using Infra.Blueprint.Swarm;
using Infra.TestKit;

namespace Infra.Swarm.Tests;

/// <summary>
/// A private registry: Debian's docker-registry with basic auth (htpasswd, bcrypt) on the node's 127.0.0.1:5001 holds the
/// app's stand-in. A replica record of the plan with <c>infra:registry.*</c> set cannot pull it without the plan's
/// login and can with it; the migrate job's rendered script logs in and runs. Named <c>infra-appsecrets-…</c>, removed after.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed partial class RegistryTests(SwarmFixture fixture)
{
    private const string Server = "127.0.0.1:5001";
    private const string User = "infra-ci";
    private const string Directory = "/tmp/infra-appsecrets-registry";
    private const string Repository = Server + "/infra-appsecrets-app";

    [Fact]
    public async Task APrivateImagePullsOnlyWithThePlansRegistryLogin()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var node = fixture.Node;
        var service = "infra-appsecrets-app";
        try
        {
            var image = StartRegistryWith(fixture.Deployer.ImageMap[fixture.Plan.Settings.App.Image.ToString()], token);
            var plan = Planner.Build(Infra.TestKit.Repository.Stack(SwarmFixture.Stack)
                .With("app.image", image).With("registry.server", Server).With("registry.user", User));
            var replica = plan.Service(plan.Layout.AppReplicas[0]);
            var login = replica.Registry ?? throw new InvalidOperationException($"service {replica.Name}: the plan declares no registry login for {image}");
            var deployer = fixture.Deployer.WithImages(new Dictionary<string, string> { [image] = image });
            var body = deployer.Body(SwarmServiceSpecs.Service(replica));
            body["Name"] = service;

            await node.Api.Post("services/create", body);
            var without = await FirstOutcome(deployer, service);
            await node.Api.Delete($"services/{service}");
            Assert.True(without.State == "rejected", $"service {service}: pulled {image} without the registry login (task {without.State}: {without.Error})");

            await node.Api.Post("services/create", body, new Dictionary<string, string> { ["X-Registry-Auth"] = Auth(login, token) });
            var with = await FirstOutcome(deployer, service);
            Assert.True(with.State is "starting" or "running", $"service {service}: with the plan's login ({login.User} at {login.Server}) its task ended '{with.State}': {with.Error}");

            var job = plan.Jobs.Single(j => j.Name == Layout.MigrateJob);
            var environment = job.Secrets.ToDictionary(s => JobScript.SecretVariable(s.Secret), s => fixture.Deployer.Secrets[s.Secret].Name);
            environment[RegistryLogin.TokenVariable] = token;
            var run = node.Exec(["bash", "-s"], SwarmScripts.WithEnvironment(plan.File(job.ScriptPath).Content, environment), TimeSpan.FromSeconds(180), check: false);
            Assert.True(run.ExitCode == 0, $"job {job.Name} of the private image: its script exited {run.ExitCode}:\n{run.Output}");
        }
        finally
        {
            await node.Api.Delete($"services/{service}");
            node.Exec(["bash", "-c", $"kill \"$(cat {Directory}/pid)\" 2>/dev/null; rm -rf {Directory}; docker image ls --quiet --filter reference='{Repository}' | xargs -r docker image rm --force >/dev/null 2>&1; true"], check: false);
        }
    }

    // Starts the registry, pushes the stand-in to it with a login and removes every local reference to it, so that a
    // task can have it only by pulling. Returns its pinned reference.
    private string StartRegistryWith(string standIn, string token)
    {
        var htpasswd = $"{User}:{BCrypt.Net.BCrypt.HashPassword(token, workFactor: 10)}\n";
        var config = $"""
            version: 0.1
            storage:
              filesystem:
                rootdirectory: {Directory}/data
            http:
              addr: {Server}
            auth:
              htpasswd:
                realm: infra-appsecrets
                path: {Directory}/htpasswd
            """;
        var script = $$"""
            set -euo pipefail
            mkdir -p {{Directory}}/data
            cat > {{Directory}}/htpasswd <<'HTPASSWD'
            {{htpasswd.TrimEnd()}}
            HTPASSWD
            cat > {{Directory}}/config.yml <<'CONFIG'
            {{config}}
            CONFIG
            setsid docker-registry serve {{Directory}}/config.yml >{{Directory}}/registry.log 2>&1 < /dev/null &
            echo $! > {{Directory}}/pid
            for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/5001) 2>/dev/null && break; sleep 0.1; done
            export DOCKER_CONFIG={{Directory}}/login
            docker tag '{{standIn}}' {{Repository}}:standin
            printf '%s' '{{token}}' | docker login --username {{User}} --password-stdin {{Server}} >/dev/null
            docker push {{Repository}}:standin | grep -o 'digest: sha256:[a-f0-9]*' | cut -d ' ' -f 2
            docker logout {{Server}} >/dev/null
            rm -rf "$DOCKER_CONFIG"
            """;
        var digest = fixture.Node.Exec(["bash", "-s"], script, TimeSpan.FromSeconds(180)).Stdout.Trim();
        Assert.Matches(DigestPattern(), digest);
        fixture.Node.Exec(["bash", "-c", $"docker image rm {Repository}:standin >/dev/null 2>&1; docker image rm {Repository}@{digest} >/dev/null 2>&1; true"]);
        Assert.True(fixture.Node.Exec(["docker", "image", "inspect", $"{Repository}@{digest}"], check: false).ExitCode != 0, $"{Repository}@{digest} is still present on the node: the test would not pull it");
        return $"{Repository}:standin@{digest}";
    }

    // The Engine API's X-Registry-Auth: base64url of the auth config JSON.
    private static string Auth(RegistryLogin login, string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["username"] = login.User, ["password"] = token, ["serveraddress"] = login.Server }.ToJsonString()))
            .Replace('+', '-').Replace('/', '_');

    // The state its first task settles in past pulling: rejected (no image) or starting/running (pulled), within 60 s.
    private static async Task<(string State, string Error)> FirstOutcome(Deployer deployer, string service)
    {
        var last = ("none", "");
        for (var i = 0; i < 60; i++)
        {
            foreach (var task in await deployer.Tasks(service))
            {
                last = ((string?)task["Status"]!["State"] ?? "", (string?)task["Status"]!["Err"] ?? "");
                if (last.Item1 is "rejected" or "failed" or "starting" or "running")
                {
                    return last;
                }
            }

            await Task.Delay(1000);
        }

        return last;
    }

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();
}
