{{/*
Names, labels, images and the pieces every Ghostline pod shares.
*/}}

{{- define "ghostline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ghostline.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one component's resources. Call with (dict "root" $ "component" "signaling"). */}}
{{- define "ghostline.componentName" -}}
{{- printf "%s-%s" (include "ghostline.fullname" .root | trunc 50 | trimSuffix "-") .component -}}
{{- end -}}

{{/*
Name of the NATS StatefulSet and everything named after it. The StatefulSet controller labels each pod with
controller-revision-hash=<name>-<hash of up to 10 characters>, a label value limited to 63 characters, and the
headless Service <name>-headless must be a DNS label: so at most 52 characters.
*/}}
{{- define "ghostline.natsName" -}}
{{- include "ghostline.componentName" (dict "root" . "component" "nats") | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* host:port of each NATS server's given port on the headless Service, space-separated. Call with (dict "root" $ "port" 6222). */}}
{{- define "ghostline.natsHosts" -}}
{{- $name := include "ghostline.natsName" .root -}}
{{- $hosts := list -}}
{{- range $i := until (int .root.Values.nats.replicas) -}}
{{- $hosts = append $hosts (printf "%s-%d.%s-headless.%s.svc:%v" $name $i $name $.root.Release.Namespace $.port) -}}
{{- end -}}
{{- join " " $hosts -}}
{{- end -}}

{{- define "ghostline.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that select one component's pods. Call with (dict "root" $ "component" "signaling"). */}}
{{- define "ghostline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ghostline.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every label of one component's resources. */}}
{{- define "ghostline.labels" -}}
{{ include "ghostline.selectorLabels" . }}
app.kubernetes.io/part-of: ghostline
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ include "ghostline.chart" .root }}
{{- end -}}

{{/* Labels of resources that belong to no single component (Secrets, the shared ServiceAccount). */}}
{{- define "ghostline.commonLabels" -}}
app.kubernetes.io/name: {{ include "ghostline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: ghostline
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ include "ghostline.chart" . }}
{{- end -}}

{{/* registry/repository:tag, or @digest when a digest is given. Call with (dict "root" $ "image" .Values.x.image). */}}
{{- define "ghostline.image" -}}
{{- $ref := printf "%s/%s" .image.registry .image.repository -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $ref .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (toString (default .root.Chart.AppVersion .image.tag)) -}}
{{- end -}}
{{- end -}}

{{- define "ghostline.imagePullSecrets" -}}
{{- $secrets := list -}}
{{- range .Values.global.imagePullSecrets }}{{ $secrets = append $secrets (dict "name" .) }}{{ end -}}
imagePullSecrets: {{ toJson $secrets }}
{{- end -}}

{{/* Pod-level security: non-root, seccomp RuntimeDefault. Call with (dict "uid" 185). */}}
{{- define "ghostline.podSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ .uid }}
  fsGroup: {{ .uid }}
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* Container-level security: read-only root, no capabilities, no privilege escalation. */}}
{{- define "ghostline.containerSecurityContext" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: {{ .uid }}
  runAsGroup: {{ .uid }}
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* A memory-backed /tmp: the root file system is read-only and nothing may reach a disk. */}}
{{- define "ghostline.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
{{- end -}}

{{- define "ghostline.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* The Quarkus management interface's port (quarkus.management.port in every service's application.properties): health and metrics, never behind an Ingress. */}}
{{- define "ghostline.managementPort" -}}
9000
{{- end -}}

{{/* Probes on Quarkus SmallRye Health endpoints, on the management interface (the container port named management). */}}
{{- define "ghostline.quarkusProbes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: management
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  periodSeconds: 10
  timeoutSeconds: 2
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: 5
  timeoutSeconds: 2
  failureThreshold: 2
{{- end -}}

{{/* Exact origins of the public page: the signaling Origin allowlist and the moderation CORS list. */}}
{{- define "ghostline.origins" -}}
{{- $origins := list (printf "https://%s" .Values.global.publicHost) -}}
{{- range .Values.global.extraOrigins }}{{ $origins = append $origins . }}{{ end -}}
{{- join "," $origins -}}
{{- end -}}

{{/* ---- Secrets ---- */}}

{{- define "ghostline.clusterSecretName" -}}
{{- default (printf "%s-cluster" (include "ghostline.fullname" .)) .Values.secrets.cluster.existingSecret -}}
{{- end -}}

{{- define "ghostline.turnSecretName" -}}
{{- default (printf "%s-turn" (include "ghostline.fullname" .)) .Values.secrets.turn.existingSecret -}}
{{- end -}}

{{- define "ghostline.moderatorSecretName" -}}
{{- default (printf "%s-moderator-api-keys" (include "ghostline.fullname" .)) .Values.secrets.moderatorApiKeys.existingSecret -}}
{{- end -}}

{{- define "ghostline.natsAuthSecretName" -}}
{{- default (printf "%s-nats-auth" (include "ghostline.fullname" .)) .Values.nats.auth.existingSecret -}}
{{- end -}}

{{/*
The base64 value of one key of a chart-generated Secret: the value already in the cluster if there is one
(so upgrades keep it), else a new random one. Call with (dict "root" $ "name" "..." "key" "..." "value" "...").
*/}}
{{- define "ghostline.keptSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace .name -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key -}}
{{- else -}}
{{- .value | b64enc -}}
{{- end -}}
{{- end -}}

{{/* ---- Wiring every service shares ---- */}}

{{/* The NATS URL list of the in-chart cluster, with $(NATS_USER) and $(NATS_PASSWORD) for the kubelet to fill in. */}}
{{- define "ghostline.natsInternalUrl" -}}
{{- $urls := list -}}
{{- range $host := splitList " " (include "ghostline.natsHosts" (dict "root" . "port" 4222)) -}}
{{- $urls = append $urls (printf "nats://$(NATS_USER):$(NATS_PASSWORD)@%s" $host) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}

{{- define "ghostline.natsStreamReplicas" -}}
{{- if .Values.nats.enabled -}}
{{- min 3 (int .Values.nats.replicas) -}}
{{- else -}}
{{- .Values.nats.external.streamReplicas -}}
{{- end -}}
{{- end -}}

{{/* Environment every Ghostline service needs: NATS and the cluster secret, each from its Secret. */}}
{{- define "ghostline.serviceEnv" -}}
{{- if .Values.nats.enabled }}
- name: NATS_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "ghostline.natsAuthSecretName" . }}
      key: user
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "ghostline.natsAuthSecretName" . }}
      key: password
- name: GHOSTLINE_NATS_URL
  value: {{ include "ghostline.natsInternalUrl" . | quote }}
{{- else if .Values.nats.external.existingSecret }}
- name: GHOSTLINE_NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.nats.external.existingSecret }}
      key: {{ .Values.nats.external.key }}
{{- else }}
- name: GHOSTLINE_NATS_URL
  value: {{ .Values.nats.external.url | quote }}
{{- end }}
- name: GHOSTLINE_CLUSTER_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "ghostline.clusterSecretName" . }}
      key: {{ .Values.secrets.cluster.key }}
{{- end -}}

{{/* ConfigMap entries every Ghostline service shares. Call with (dict "root" $ "values" .Values.signaling "port" 8080). */}}
{{- define "ghostline.serviceConfig" -}}
QUARKUS_HTTP_PORT: {{ .port | quote }}
GHOSTLINE_NATS_STREAM_REPLICAS: {{ include "ghostline.natsStreamReplicas" .root | quote }}
JAVA_TOOL_OPTIONS: {{ .values.javaOpts | quote }}
{{- range $key, $value := .values.config }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* Pod annotations that roll the pods when their ConfigMap changes. Call with (dict "root" $ "configTemplate" "signaling/configmap.yaml"). */}}
{{- define "ghostline.configChecksum" -}}
checksum/config: {{ include (print .root.Template.BasePath "/" .configTemplate) .root | sha256sum }}
{{- end -}}

{{/* coturn's first and last relay port (min-port, max-port); the LoadBalancer lists each, so its default range is small. */}}
{{- define "ghostline.coturnRelayMin" -}}
{{- default 49152 .Values.coturn.relayPorts.min | int -}}
{{- end -}}

{{- define "ghostline.coturnRelayMax" -}}
{{- default (ternary 49191 65535 (eq .Values.coturn.exposure "loadBalancer")) .Values.coturn.relayPorts.max | int -}}
{{- end -}}

{{/* coturn's TLS Secret name. */}}
{{- define "ghostline.coturnTlsSecretName" -}}
{{- default (printf "%s-turn-tls" (include "ghostline.fullname" .)) .Values.coturn.tls.secretName -}}
{{- end -}}

{{- define "ghostline.leaseName" -}}
{{- default (include "ghostline.componentName" (dict "root" . "component" "matchmaker")) .Values.matchmaker.leaderElection.leaseName -}}
{{- end -}}
