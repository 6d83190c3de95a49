package check

import "strings"

// program is what a command line starting with a program's name looks
// like, as opposed to a sentence starting with the same word.
type program struct {
	// subs are the program's everyday subcommands: "git push origin
	// main" is a command, "git history shows the change" is not.
	subs map[string]bool
	// english: the name is also an English word ("kill", "watch",
	// "make"), so only a command's shape (a flag, a path, a URL, a glob,
	// a ;, a subcommand) makes the line a command.
	english bool
	// pids: bare numbers after it are process IDs ("kill 4121").
	pids bool
}

// words makes a set of a space-separated list.
func words(list string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(list) {
		out[w] = true
	}
	return out
}

const (
	kubeSubs = "get describe logs apply delete rollout scale exec edit port-forward top drain cordon uncordon " +
		"patch set label annotate create run cp config explain wait debug auth expose autoscale replace diff"
	gitSubs = "push pull fetch log status diff show checkout switch revert reset rebase merge commit add stash tag " +
		"cherry-pick clone blame bisect branch restore rm mv remote reflog grep"
)

// programs are the commands an on-call engineer types, by name. One table:
// adding a tool is one line.
var programs = map[string]program{
	"kubectl":   {subs: words(kubeSubs)},
	"k":         {subs: words(kubeSubs)},
	"oc":        {subs: words(kubeSubs + " login project new-app")},
	"helm":      {subs: words("install upgrade rollback uninstall delete list ls status history get repo template diff test dependency pull")},
	"docker":    {subs: words("ps logs exec run restart stop start rm rmi pull push build compose inspect stats images kill system volume network login tag cp top")},
	"podman":    {subs: words("ps logs exec run restart stop start rm rmi pull push build inspect stats images kill pod")},
	"git":       {subs: words(gitSubs)},
	"terraform": {subs: words("apply plan destroy init import state taint untaint refresh output validate fmt workspace force-unlock show console providers")},
	"tf":        {subs: words("apply plan destroy init import state taint untaint refresh output validate workspace force-unlock")},
	"aws": {subs: words("s3 s3api ec2 ecs eks rds iam lambda logs cloudwatch sts ssm secretsmanager route53 elb elbv2 dynamodb " +
		"sqs sns autoscaling cloudformation configure sso ecr kms elasticache cloudfront acm apigateway events kinesis")},
	"gcloud": {subs: words("compute container sql auth config projects run functions logging iam app storage services builds dns " +
		"pubsub redis secrets kms beta alpha artifacts scheduler tasks")},
	"gsutil":     {subs: words("ls cp rm mv cat rsync du mb rb iam acl")},
	"az":         {subs: words("login logout account group vm aks webapp functionapp sql storage keyvault network monitor acr resource role ad cosmosdb redis deployment")},
	"systemctl":  {subs: words("restart start stop status reload enable disable daemon-reload is-active is-failed list-units kill mask unmask cat show")},
	"journalctl": {},
	"argocd":     {subs: words("app login context cluster repo proj account version")},
	"flux":       {english: true, subs: words("reconcile get suspend resume logs bootstrap")},
	"istioctl":   {subs: words("analyze proxy-status proxy-config install x dashboard")},
	"vault":      {english: true, subs: words("read write kv login token secrets auth operator status")},
	"consul":     {subs: words("members kv catalog services acl agent")},
	"nomad":      {subs: words("job alloc node status system")},
	"eksctl":     {subs: words("create get delete scale upgrade utils")},
	"heroku":     {subs: words("logs ps restart run releases config apps pg")},
	"doctl":      {subs: words("compute kubernetes databases apps auth")},
	"npm":        {subs: words("install ci run start test publish audit update uninstall")},
	"yarn":       {subs: words("install add run start test build")},
	"pip":        {subs: words("install uninstall freeze list show")},
	"go":         {english: true, subs: words("build test run mod install vet generate tool")},
	"redis-cli":  {subs: words("flushall flushdb keys get set del info monitor ping config scan")},
}

// plainPrograms take arguments but no subcommands: "psql orders", "ssh
// web-3" are commands at three words or fewer.
const plainPrograms = "ansible ansible-playbook psql mysql mongo mongosh sqlite3 k9s kubectx kubens ssh scp rsync " +
	"curl wget ls cd grep rg vim vi nano rm mv cp chmod chown ps pkill killall htop nslookup npx python python3 " +
	"tmux nc telnet openssl jq awk sed df du netstat ss iptables nginx apt apt-get yum dnf brew keepcool xargs " +
	"crontab whoami uptime traceroute mtr"

// englishPrograms are also English words: only a command's shape counts.
const englishPrograms = "make watch find free top less cat tail head source export echo ping dig touch sort date " +
	"history env tee stern"

func init() {
	for _, name := range strings.Fields(plainPrograms) {
		programs[name] = program{}
	}
	for _, name := range strings.Fields(englishPrograms) {
		programs[name] = program{english: true}
	}
	programs["kill"] = program{english: true, pids: true}
}
