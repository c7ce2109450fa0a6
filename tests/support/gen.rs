//! Generated inputs for benchmarks and size tests (not committed as files).

use std::fmt::Write;

/// `n` namespaces `app-i`, each with a headless Service `db-i-hs` (named port `pg`), a ClusterIP
/// Service `web-i`, and a StatefulSet `db-i` of `replicas` pods.
pub fn statefulsets(n: usize, replicas: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = write!(
            s,
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app-{i}\n---\n\
apiVersion: v1\nkind: Service\nmetadata:\n  name: db-{i}-hs\n  namespace: app-{i}\nspec:\n  clusterIP: None\n  selector:\n    app: db-{i}\n  ports:\n  - name: pg\n    port: 5432\n    targetPort: pg\n---\n\
apiVersion: v1\nkind: Service\nmetadata:\n  name: web-{i}\n  namespace: app-{i}\nspec:\n  selector:\n    app: db-{i}\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\n\
apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-{i}\n  namespace: app-{i}\nspec:\n  serviceName: db-{i}-hs\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: db-{i}\n  template:\n    metadata:\n      labels:\n        app: db-{i}\n    spec:\n      containers:\n      - name: postgres\n        image: postgres:17\n        ports:\n        - name: pg\n          containerPort: 5432\n---\n"
        );
    }
    s
}

/// A `kubectl get svc,sts,pods -o yaml` style `kind: List` of about `bytes` bytes: Services,
/// StatefulSets and their Pods with status, managedFields and annotations as kubectl prints them.
pub fn kubectl_list(bytes: usize) -> String {
    let mut s = String::from("apiVersion: v1\nitems:\n");
    let mut i = 0;
    while s.len() < bytes {
        let ns = format!("team-{}", i / 20);
        let _ = write!(
            s,
            "- apiVersion: v1\n  kind: Service\n  metadata:\n    annotations:\n      kubectl.kubernetes.io/last-applied-configuration: |\n        {{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{{\"name\":\"svc-{i}\",\"namespace\":\"{ns}\"}},\"spec\":{{\"clusterIP\":\"None\",\"selector\":{{\"app\":\"app-{i}\"}}}}}}\n    creationTimestamp: \"2026-11-20T09:14:03Z\"\n    managedFields:\n    - apiVersion: v1\n      fieldsType: FieldsV1\n      fieldsV1:\n        f:spec:\n          f:clusterIP: {{}}\n          f:ports:\n            .: {{}}\n      manager: kubectl-client-side-apply\n      operation: Update\n      time: \"2026-11-20T09:14:03Z\"\n    name: svc-{i}\n    namespace: {ns}\n    resourceVersion: \"{rv}\"\n    uid: 5b0e4c1e-8f5f-4d2a-9d0b-{i:012}\n  spec:\n    clusterIP: None\n    clusterIPs:\n    - None\n    internalTrafficPolicy: Cluster\n    ipFamilies:\n    - IPv4\n    ipFamilyPolicy: SingleStack\n    ports:\n    - name: http\n      port: 80\n      protocol: TCP\n      targetPort: 80\n    selector:\n      app: app-{i}\n    sessionAffinity: None\n    type: ClusterIP\n  status:\n    loadBalancer: {{}}\n",
            rv = 40000 + i
        );
        let _ = write!(
            s,
            "- apiVersion: apps/v1\n  kind: StatefulSet\n  metadata:\n    generation: 1\n    name: app-{i}\n    namespace: {ns}\n    resourceVersion: \"{rv}\"\n  spec:\n    podManagementPolicy: OrderedReady\n    replicas: 2\n    revisionHistoryLimit: 10\n    selector:\n      matchLabels:\n        app: app-{i}\n    serviceName: svc-{i}\n    template:\n      metadata:\n        creationTimestamp: null\n        labels:\n          app: app-{i}\n      spec:\n        containers:\n        - image: nginx:1.27\n          imagePullPolicy: IfNotPresent\n          name: nginx\n          ports:\n          - containerPort: 80\n            name: http\n            protocol: TCP\n          resources: {{}}\n          terminationMessagePath: /dev/termination-log\n          terminationMessagePolicy: File\n        dnsPolicy: ClusterFirst\n        restartPolicy: Always\n        schedulerName: default-scheduler\n        securityContext: {{}}\n        terminationGracePeriodSeconds: 30\n    updateStrategy:\n      rollingUpdate:\n        partition: 0\n      type: RollingUpdate\n  status:\n    availableReplicas: 2\n    readyReplicas: 2\n    replicas: 2\n",
            rv = 50000 + i
        );
        for o in 0..2 {
            let _ = write!(
                s,
                "- apiVersion: v1\n  kind: Pod\n  metadata:\n    labels:\n      app: app-{i}\n      apps.kubernetes.io/pod-index: \"{o}\"\n      statefulset.kubernetes.io/pod-name: app-{i}-{o}\n    name: app-{i}-{o}\n    namespace: {ns}\n    ownerReferences:\n    - apiVersion: apps/v1\n      blockOwnerDeletion: true\n      controller: true\n      kind: StatefulSet\n      name: app-{i}\n      uid: 8a1f3e0b-2c4d-4e5f-9a6b-{i:012}\n    resourceVersion: \"{rv}\"\n  spec:\n    containers:\n    - image: nginx:1.27\n      name: nginx\n      ports:\n      - containerPort: 80\n        name: http\n        protocol: TCP\n    hostname: app-{i}-{o}\n    subdomain: svc-{i}\n  status:\n    conditions:\n    - lastProbeTime: null\n      lastTransitionTime: \"2026-11-20T09:14:09Z\"\n      status: \"True\"\n      type: Ready\n    phase: Running\n    podIP: 10.{a}.{b}.{c}\n    podIPs:\n    - ip: 10.{a}.{b}.{c}\n    qosClass: BestEffort\n",
                rv = 60000 + i,
                a = 244,
                b = 1 + (i * 2 + o) / 250 % 250,
                c = 2 + (i * 2 + o) % 250
            );
        }
        i += 1;
    }
    s.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    s
}
