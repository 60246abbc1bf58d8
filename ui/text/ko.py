"""The Korean table: the same keys and {placeholders} as en.py. Terms follow docs/glossary.md."""

KO: dict[str, str] = {
    # navigation
    "nav.home": "홈",
    "nav.train": "학습",
    "nav.map": "잠재 공간 지도",
    "nav.interpolate": "보간",
    "nav.codebook": "코드북",
    "nav.inside": "모델 속",
    "nav.denoise": "잡음 제거",
    "nav.generate": "생성",
    "nav.compare": "비교",
    "nav.applications": "활용",
    "nav.upload": "내 이미지",
    # sidebar and shared messages
    "side.dataset": "데이터셋",
    "side.language": "Language / 언어",
    "side.missing": "이 컴퓨터에 없음",
    "side.download": "{name} 내려받기",
    "side.downloading": "내려받는 중...",
    "side.download_failed": "내려받지 못했습니다(인터넷 연결을 확인하세요). 대신 IDX 파일 네 개를 "
    "{folder}에 복사하세요.",
    "side.latent": "{n}차원 잠재",
    "side.teacher_key": "교사 키",
    "side.checkpoint": "체크포인트",
    "side.device": "계산 장치: {device}",
    "side.shipped": "기본 제공",
    "side.user": "내 모델",
    "page.no_data": "{name} 데이터가 이 컴퓨터에 없습니다. IDX 파일 네 개를 {folder}에 복사하거나, "
    "아래에서 내려받거나(인터넷 필요), 언제나 쓸 수 있는 digits를 고르세요.",
    "page.no_checkpoint": "이 {dataset} 체크포인트 중에는 {need} 모델이 없습니다. 학습 페이지에서 "
    "하나 학습하거나 다른 데이터셋을 고르세요.",
    "page.nothing": "아직 보여 줄 것이 없습니다.",
    "need.any": "쓸 수 있는",
    "need.encode": "이미지를 인코딩하는",
    "need.decode": "잠재 벡터를 디코딩하는",
    "need.sample": "이미지를 생성하는",
    "need.vector": "이미지를 잠재 벡터로 인코딩하는(오토인코더나 VAE)",
    "need.plain": "잡음 없이 학습된 인코더를 가진",
    "need.denoise": "잡음을 없애는(잡음 제거 오토인코더)",
    "need.codebook": "코드북을 가진(VQ-VAE)",
    "need.inside": "속을 들여다볼 수 있는(VAE, VQ-VAE, GAN)",
    "need.prior": "코드를 샘플링하는(PixelCNN 사전 분포)",
    "need.conditional": "클래스별로 생성하는",
    "need.judge": "분류하는",
    "dataset.digits": "digits (8x8)",
    "dataset.mnist": "MNIST",
    "dataset.fashion-mnist": "Fashion-MNIST",
    "dataset.kmnist": "KMNIST",
    "kind.ae": "오토인코더",
    "kind.dae": "잡음 제거 오토인코더",
    "kind.vae": "VAE",
    "kind.cvae": "조건부 VAE",
    "kind.vqvae": "VQ-VAE",
    "kind.pixelcnn": "PixelCNN 사전 분포",
    "kind.gan": "GAN",
    "kind.cgan": "조건부 GAN",
    "kind.classifier": "분류기",
    "method.pca": "PCA",
    "method.tsne": "t-SNE",
    "method.umap": "UMAP",
    "method.latent": "잠재 공간 그대로",
    "noise.gaussian": "가우시안",
    "noise.salt-pepper": "소금-후추",
    "noise.mask": "가림(마스킹)",
    # home
    "home.title": "genviz: 잠재 공간 실험실",
    "home.intro": "오토인코더, VAE, VQ-VAE, GAN을 학습하거나 불러와서 그 안을 들여다봅니다. 아래 "
    "모델은 모두 미리 학습되어 함께 제공됩니다. 왼쪽에서 페이지를 고르세요.",
    "home.families": "모델 종류",
    "home.gallery": "{dataset}의 기본 제공 모델이 하는 일",
    "home.inputs": "테스트 이미지",
    "home.reconstructions": "그 재구성",
    "home.samples": "사전 분포에서 뽑은 샘플",
    "home.task_inputs": "과제 입력",
    "home.translations": "출력",
    "home.targets": "목표",
    "home.unusable": "체크포인트 {name}은(는) 쓸 수 없습니다: {why}",
    "home.none_shipped": "{dataset}에는 기본 제공 체크포인트가 없습니다. 학습 페이지에서 하나 "
    "학습하세요.",
    "home.datasets": "데이터셋",
    "home.dataset": "데이터셋",
    "home.state": "상태",
    "home.ready": "준비됨",
    "family.ae": "이미지를 작은 코드로 압축했다가 다시 복원합니다.\n코드는 압축된 설명이지만, "
    "코드와 코드 사이에 무엇이 있는지는 정해져 있지 않습니다.",
    "family.dae": "잡음이 섞인 이미지를 받아 깨끗한 이미지를 내도록 학습한 오토인코더입니다.\n"
    "가우시안 잡음으로 학습해도 소금-후추 잡음은 지우지만, 가림은 못 지웁니다. 빠진 픽셀은 "
    "빠진 채로 남습니다.",
    "family.vae": "코드가 가우시안 사전 분포를 따르도록(KL 항) 학습한 오토인코더입니다.\n그래서 새 "
    "이미지를 샘플링하고 코드 사이를 부드럽게 오갈 수 있습니다. 베타는 세부와 질서를 맞바꿉니다.",
    "family.cvae": "클래스까지 알려 준 VAE입니다.\n숫자를 정하고 코드를 바꾸면 글씨체는 바뀌고 "
    "숫자는 그대로입니다.",
    "family.vqvae": "격자의 칸마다 학습된 코드북에서 코드 하나를 고릅니다.\n이산 코드는 재구성이 "
    "선명하고, 샘플링하려면 사전 분포가 필요합니다.",
    "family.pixelcnn": "VQ-VAE 코드 격자의 사전 분포를 코드 하나씩 학습합니다.\nVQ-VAE 논문에서처럼 "
    "VQ-VAE를 생성 모델로 만들며, VQ-VAE-2는 이런 층을 두 단계로 쌓습니다.",
    "family.gan": "판별자를 속이도록 학습한 생성자입니다.\n샘플이 선명하고 인코더가 없으며, 일부 "
    "숫자를 잊어버릴 위험(모드 붕괴)이 있습니다.",
    "family.cgan": "클래스까지 받는 GAN입니다.\n7을 달라면 7을 줍니다.",
    "family.classifier": "생성 모델이 아니라 작은 CNN입니다.\n생성된 이미지를 판정합니다. 어떤 "
    "숫자인지, 얼마나 확실한지.",
    # train
    "train.title": "모델 학습",
    "train.teacher_only": "이 서버에서는 교사만 학습을 시작할 수 있습니다. 아래에서 학습 과정을 "
    "볼 수 있습니다. 교사는 사이드바에 키를 입력하세요.",
    "train.kind": "모델 종류",
    "train.base": "코드를 모델링할 VQ-VAE",
    "opt.epochs": "에폭",
    "opt.batch_size": "배치 크기",
    "opt.lr": "학습률",
    "train.name": "이름(선택)",
    "train.name_help": "영문자, 숫자, '.', '_', '-'만 씁니다. 비우면 종류와 시각으로 정합니다.",
    "train.preset": "강의의 신경망에서 시작",
    "train.preset_none": "없음: 옵션을 모두 직접 정합니다",
    "train.preset_dataset": "강의에서는 이 신경망을 {dataset}로 학습합니다. 강의 노트를 "
    "따라가려면 사이드바에서 고르세요.",
    "opt.weight_decay": "가중치 감쇠",
    "preset.course-mlp-ae": "MLP 오토인코더 784-256-128-20",
    "preset.course-mlp-ae.notes": "선형층 784-256-128-20, LeakyReLU(0.2), 시그모이드 출력, 제곱 "
    "오차. Adam, 학습률 0.001, 배치 128, 20에폭.",
    "preset.course-conv-ae": "합성곱 오토인코더, 코드 4개",
    "preset.course-conv-ae.notes": "스트라이드 2와 배치 정규화를 쓴 합성곱 1-8-16-32, 펼친 "
    "3x3x32 -> 128 -> 4, 전치 합성곱으로 거울처럼 만든 디코더. Adam, 학습률 0.001, 가중치 감쇠 "
    "1e-5, 배치 256, 30에폭.",
    "preset.course-vae-200": "VAE 784-400-400-200",
    "preset.course-vae-200.notes": "선형층 784-400-400, LeakyReLU(0.2), 잠재 차원 200. 이진 교차 "
    "엔트로피 + KL. Adam, 학습률 0.001, 배치 128, 20에폭.",
    "preset.course-ae-3d": "3차원 오토인코더 784-128-64-12-3 (Fashion-MNIST)",
    "preset.course-ae-3d.notes": "선형층 784-128-64-12-3, ReLU, 시그모이드 출력, 제곱 오차. "
    "Adam, 학습률 0.005, 배치 64, 10에폭. 잠재 공간을 투영 없이 3차원 그대로 그립니다.",
    "preset.course-vae": "VAE 784-400-20",
    "preset.course-vae.notes": "ReLU를 쓴 은닉층 400 하나와 잠재 차원 20. 이진 교차 엔트로피 "
    "+ KL. Adam, 학습률 0.001, 배치 128, 10에폭.",
    "preset.course-linear-ae": "선형 오토인코더 784-16-784",
    "preset.course-linear-ae.notes": "활성화 함수가 하나도 없어 선형 사상만 배울 수 있고, PCA가 "
    "찾는 부분공간을 배웁니다. 비교 페이지에서 같은 크기의 PCA와 견주어 보세요.",
    "layers.title": "이 신경망의 층",
    "layers.total": "모두 {n}개의 파라미터",
    "layers.params": "파라미터 {n}개",
    "layers.layer": "층",
    "layers.shape": "출력 모양",
    "layers.count": "파라미터",
    "layers.encoder": "인코더",
    "layers.decoder": "디코더",
    "layers.generator": "생성자",
    "layers.discriminator": "판별자",
    "layers.classifier": "분류기",
    "layers.prior": "사전 분포(PixelCNN)",
    "layers.saved": "저장된 모델의 층",
    "layers.history": "학습 기록: 에폭 {epochs}번.",
    "layers.pick": "체크포인트",
    "train.more": "옵션 더 보기",
    "train.start": "학습 시작",
    "train.none": "아직 학습이 없습니다. 설정을 고르고 시작을 누르세요. 학습은 뒤에서 계속되고 "
    "접속한 모두가 볼 수 있습니다.",
    "train.run": "{name}: {dataset}에서 {kind} 학습",
    "train.progress": "{epochs}에폭 중 {epoch}번째, 초당 {speed:,.0f}장, {eta} 남음",
    "train.cancel": "취소",
    "train.saved": "내 체크포인트에 {name}(으)로 저장했습니다. 이제 모든 체크포인트 목록에 나옵니다.",
    "train.cancelled": "취소했습니다. 끝난 에폭까지 {name}(으)로 저장했습니다.",
    "train.cancelled_early": "첫 에폭이 끝나기 전에 취소해서 저장한 것이 없습니다.",
    "train.preview": "{epoch}번째 에폭 뒤: 매 에폭 같은 테스트 이미지와 같은 잡음",
    "train.epoch": "에폭",
    "train.loss": "손실",
    "loss.loss": "학습 손실",
    "loss.recon": "재구성 항",
    "loss.kl": "KL 항",
    "loss.mse": "재구성 오차(MSE)",
    "loss.commit": "커밋먼트 항",
    "loss.nll": "코드의 음의 로그 우도",
    "loss.ce": "교차 엔트로피",
    "loss.on_test": "{term}, 테스트 세트",
    "loss.d_loss": "판별자 손실",
    "loss.g_loss": "생성자 손실",
    "loss.beta_kl": "beta × KL 항",
    "inside.active_units": "활성 잠재 차원 수",
    "inside.codes_used": "테스트 이미지에 쓰인 코드 수",
    "inside.restarts": "이 에폭에 다시 시작한 코드 수",
    "inside.perplexity": "코드 사용의 퍼플렉서티",
    "inside.d_real": "실제 이미지의 D(x)",
    "inside.d_fake": "생성 이미지의 D(G(z))",
    "inside.kl_dims": "에폭 {epoch}이 끝난 뒤 잠재 차원마다의 KL(활성 차원 {active}개).",
    "choice.mlp": "MLP(완전 연결)",
    "choice.conv": "합성곱",
    "choice.bernoulli": "베르누이(이진 교차 엔트로피)",
    "choice.gaussian": "가우시안(제곱 오차)",
    "choice.salt-pepper": "소금-후추",
    "choice.mask": "가림(마스킹)",
    "choice.hinge": "힌지",
    "choice.bce": "포화하지 않는 손실(이진 교차 엔트로피)",
    "choice.spectral": "스펙트럼 정규화",
    "choice.batch": "배치 정규화",
    "choice.course-conv": "강의의 합성곱 구조(3x3x32 병목)",
    "choice.leaky_relu": "LeakyReLU(0.2)",
    "choice.relu": "ReLU",
    "choice.linear": "없음(선형)",
    "choice.sigmoid": "시그모이드",
    "time.h_min": "{h}시간 {m}분",
    "time.min_s": "{m}분 {s}초",
    "time.s": "{s}초",
    "opt.tuple_help": "256,128처럼 쉼표로 구분한 숫자",
    "opt.latent_dim": "잠재 차원",
    "opt.arch": "신경망 구조",
    "opt.hidden": "은닉층 너비(MLP)",
    "opt.channels": "채널 수(합성곱)",
    "opt.noise": "학습 때 넣는 잡음",
    "opt.noise_level": "잡음 세기",
    "opt.beta": "KL 가중치(베타)",
    "opt.likelihood": "우도",
    "opt.binarize": "이미지 이진화",
    "opt.codebook_size": "코드북 크기",
    "opt.code_dim": "코드 길이",
    "opt.commitment_weight": "커밋먼트 가중치",
    "opt.downsample": "다운샘플링 단계(0: 자동)",
    "opt.ema": "이동 평균으로 갱신",
    "opt.decay": "이동 평균 감쇠",
    "opt.dead_after": "안 쓰인 코드를 다시 뽑기까지(스텝)",
    "opt.kmeans_init": "k-평균으로 시작",
    "opt.layers": "층 수",
    "opt.kernel": "커널 크기",
    "opt.class_conditional": "클래스 조건부",
    "opt.embed_dim": "레이블 임베딩 크기",
    "opt.loss": "적대적 손실",
    "opt.real_label": "진짜 이미지의 목표값(평활화)",
    "opt.d_lr_scale": "판별자 학습률 배수",
    "opt.r1": "R1 벌점 가중치",
    "opt.ema_decay": "생성자 평균 감쇠(0: 없음)",
    "opt.class_loss": "보조 분류 손실 가중치",
    "opt.features": "특징 너비",
    "opt.dropout": "드롭아웃",
    "opt.d_norm": "판별자 정규화",
    "opt.mbstd": "미니배치 표준편차",
    "opt.activation": "활성화 함수",
    "opt.batch_norm": "배치 정규화",
    "opt.output": "출력층",
    # latent map
    "map.title": "잠재 공간 지도",
    "map.is_latent": "이 모델의 잠재 공간은 {n}차원입니다. 지도는 투영 없이 그 값을 그대로 "
    "그립니다.",
    "map.method": "투영 방법",
    "map.dim": "차원",
    "map.showing_pca": "{method}이(가) 준비될 때까지 PCA를 보여 줍니다.",
    "map.computing": "{method}: {total}단계 중 {done}단계",
    "map.source.shipped": "체크포인트와 함께 미리 계산해 둔 그림입니다.",
    "map.source.cache": "캐시에서 가져왔습니다(전에 {seconds:.1f}초 걸려 계산).",
    "map.source.computed": "{seconds:.1f}초 만에 계산했습니다.",
    "map.trust": "신뢰도",
    "map.trust_help": "1.0이면 그림에서 가까운 점은 잠재 공간에서도 가깝습니다. 낮을수록 그림 속 "
    "이웃 가운데 잠재 공간에서는 먼 점이 섞여 있습니다.",
    "map.kept": "보존된 이웃",
    "map.kept_help": "각 점의 잠재 공간 최근접 이웃 10개 가운데 그림에서도 최근접 10개 안에 있는 "
    "비율입니다. t-SNE와 UMAP에서 멀리 떨어진 군집 사이의 거리는 큰 의미가 없습니다.",
    "map.space": "빈 공간",
    "map.legend": "클래스",
    "map.axis.x": "첫째 축",
    "map.axis.y": "둘째 축",
    "map.axis.z": "셋째 축",
    "map.decoded": "({x:.2f}, {y:.2f})에서 디코딩한 이미지",
    "map.neighbours": "테스트 이미지 {index}번({name})과 잠재 공간의 최근접 이웃 7개",
    "map.this_one": "이 {name}",
    "map.selected": "{n}개 선택, 처음 {shown}개의 원본",
    "map.recons": "그 재구성",
    "map.hint": "점을 누르면 최근접 이웃을, 빈 곳을 누르면 그 자리를 디코딩한 이미지를 봅니다. "
    "차트 위의 상자나 올가미 도구로 끌면 여러 점을 고를 수 있습니다.",
    "map.hint_3d": "끌어서 돌리고 스크롤해서 확대해 보세요. 점을 누르면 최근접 이웃과 디코더가 "
    "그 코드로 만든 이미지를 봅니다. 상자·올가미 선택과 빈 곳 디코딩은 2차원 지도에서 됩니다. "
    "3차원에서 누른 자리에는 깊이가 없기 때문입니다.",
    "map.export": "내보내기",
    "map.replay": "학습 과정을 따라 다시 보는 지도(에폭 {epochs}번)",
    "map.replay_raw": "에폭마다 테스트 이미지 {n:,}장의 잠재 벡터를 그대로(두 수) 그립니다. 재생을 "
    "누르거나 에폭 슬라이더를 끌어 보세요.",
    "map.replay_pca": "에폭마다 테스트 이미지 {n:,}장의 잠재 벡터를, 마지막 에폭에 맞춘 PCA 하나로 "
    "그립니다. 지도는 그대로이므로 움직이는 것은 모델입니다. 재생을 누르거나 에폭 슬라이더를 끌어 "
    "보세요.",
    "map.prepare": "내려받을 파일 준비",
    "map.csv": "좌표(CSV)",
    "map.tensorboard": "TensorBoard 프로젝터용 잠재 벡터(zip)",
    # interpolate
    "interp.title": "보간",
    "interp.how": "두 이미지 고르기",
    "interp.how.class": "클래스로",
    "interp.how.random": "무작위로",
    "interp.how.map": "잠재 공간 지도에서 고른 것으로",
    "interp.from": "처음",
    "interp.to": "끝",
    "interp.shuffle": "다른 두 이미지",
    "interp.need_map": "먼저 잠재 공간 지도 페이지에서 점을 두 개 이상 고르세요.",
    "interp.spherical": "구면 보간(slerp)",
    "interp.slerp_help": "대원을 따라 걷습니다. 가우시안 사전 분포가 기대하는 길이를 유지합니다.",
    "interp.t": "두 이미지 사이의 위치",
    "interp.image": "테스트 이미지 {index}번: {name}",
    "interp.at": "t = {t:.2f}에서 디코딩",
    "interp.steps": "띠에 넣을 단계 수",
    "interp.traverse": "한 번에 한 차원씩",
    "interp.dims": "잠재 차원",
    "interp.span": "범위(±)",
    "interp.traverse_help": "각 줄은 첫 이미지 코드의 좌표 하나를 훑습니다. 베타-VAE에서는 한 줄이 "
    "한 가지(기울기, 굵기)만 바꾸는 경향이 있습니다.",
    "interp.prior": "N(0, I)에서 뽑은 무작위 코드를 디코딩한 결과",
    "interp.prior_of": "{name}(으)로 디코딩",
    "interp.prior_ae": "일반 오토인코더는 그곳에 무엇이 있는지 배운 적이 없어서 대부분 숫자가 "
    "아닙니다. 코드가 몇 개의 섬에 모여 있고 섬 사이는 비어 있습니다.",
    "interp.prior_vae": "VAE는 KL 항이 코드를 사전 분포가 있는 곳에 모아 두어서, 무작위 코드도 "
    "그럴듯한(흐릿하긴 한) 숫자로 디코딩됩니다.",
    # codebook
    "code.title": "VQ-VAE 코드북",
    "code.size": "코드 수",
    "code.used": "테스트 세트에서 쓰인 비율",
    "code.perplexity": "퍼플렉서티",
    "code.perplexity_help": "exp(코드 사용의 엔트로피): 실제로 쓰이는 코드의 유효 개수입니다.",
    "code.dead": "안 쓰인 코드",
    "code.code": "코드",
    "code.class": "클래스",
    "code.share": "비율",
    "code.count": "사용 횟수",
    "code.map": "이미지 하나의 코드 맵",
    "code.image": "테스트 이미지",
    "code.row": "행",
    "code.col": "열",
    "code.new": "그 칸의 새 코드",
    "code.original": "원본",
    "code.decoded": "코드를 디코딩한 결과",
    "code.edited": "테두리 친 칸을 코드 {code}(으)로 바꾼 결과",
    "code.new_help": "그 칸의 지금 코드는 {current}입니다. 바뀐 모습이 잘 보이도록 그 코드에서 "
    "가장 먼 코드로 시작합니다.",
    "code.heat_help": "행은 클래스, 열은 코드입니다. 각 클래스의 코드 격자에서 그 코드가 차지하는 "
    "비율입니다. 코드는 분업합니다: 몇몇 클래스에만 나오는 코드가 많습니다.",
    "code.prior": "PixelCNN 사전 분포로 만든 새 이미지",
    "code.no_prior": "이 데이터셋에는 PixelCNN 사전 분포가 없습니다. python -m genviz train "
    "pixelcnn --base <체크포인트>로 학습하세요.",
    "code.prior_pick": "사전 분포",
    "code.temperature": "온도",
    "code.reject": "분류기가 확신하는 샘플만 남기기",
    "code.reject_help": "VQ-VAE-2에서처럼 거부 샘플링을 합니다. 더 많이 뽑고, 분류기가 0.9 이상 "
    "확신하는 것만 남깁니다.",
    "code.sampling": "코드를 샘플링하는 중...",
    "code.accepted": "뽑은 샘플 {drawn}개 중 {share:.0%}가 분류기를 통과했습니다.",
    "code.prior_help": "PixelCNN 사전 분포는 p(코드)를 읽는 순서대로 코드 하나씩 배웁니다. 배운 "
    "코드의 VQ-VAE를 함께 지니고 있어서, 새 코드는 그 VQ-VAE가 디코딩합니다.",
    # denoise
    "dn.title": "잡음 제거",
    "dn.dae": "잡음 제거 오토인코더",
    "dn.ae": "비교할 일반 오토인코더",
    "dn.noise": "잡음",
    "dn.level": "잡음 세기",
    "dn.level_help.gaussian": "픽셀마다 더하는 잡음의 표준편차입니다.",
    "dn.level_help.salt-pepper": "무작위로 검거나 희게 바뀌는 픽셀의 비율입니다.",
    "dn.level_help.mask": "검게 가려지는 픽셀의 비율입니다.",
    "dn.clean": "깨끗한 테스트 이미지",
    "dn.noisy": "잡음을 넣은 같은 이미지: 두 모델이 받는 입력",
    "dn.output": "{name}의 출력",
    "dn.psnr": "{db:.1f} dB",
    "dn.curve": "잡음 세기에 따른 최대 신호 대 잡음비(테스트 이미지 500장)",
    "dn.psnr_axis": "깨끗한 이미지 대비 PSNR(dB, 높을수록 가까움)",
    "dn.noisy_line": "잡음 섞인 입력",
    "dn.legend": "이미지",
    "dn.curve_help": "각 선은 모델 출력이 깨끗한 이미지에 얼마나 가까운지의 평균 PSNR입니다. "
    "잡음 섞인 입력의 선은 아무것도 바꾸지 않는 모델의 점수입니다.",
    # generate
    "gen.title": "생성",
    "gen.class": "클래스",
    "gen.resample": "새 잡음",
    "gen.of_class": "{name} 샘플과 분류기의 판정",
    "gen.samples": "샘플과 분류기의 판정",
    "gen.grid": "행마다 한 클래스, 열마다 한 무작위 시드",
    "gen.grid_help": "모든 행이 같은 시드로 뽑습니다. 잡음을 뽑는 모델이라면 한 열은 같은 잡음을 "
    "공유하므로, 행은 클래스를 바꾸고 열은 글씨체(기울기, 굵기)를 유지합니다.",
    "gen.no_judge": "이 데이터셋에는 분류기가 없어서 판정이 없습니다.",
    "gen.verdict": "분류기: {name} ({p:.0%})",
    "gen.fidelity": "샘플 10,000개에서 분류기가 요청한 클래스와 일치한 비율은 {share:.1%}입니다.",
    # compare
    "cmp.title": "비교",
    "cmp.pca": "오토인코더 대 PCA: 잠재 차원에 따른 테스트 오차",
    "cmp.pca_line": "PCA(가장 좋은 선형 코드)",
    "cmp.latent_size": "잠재 차원(이미지당 숫자 개수)",
    "cmp.test_mse": "픽셀당 테스트 MSE",
    "cmp.pca_help": "PCA는 크기마다 가장 좋은 선형 코드입니다. 비선형 오토인코더의 점이 선보다 "
    "아래에 있으면 같은 개수의 숫자로 PCA보다 잘 복원한 것입니다.",
    "cmp.maps": "두 잠재 공간 나란히 보기(첫 두 주성분)",
    "cmp.model": "모델",
    "cmp.axis": "주성분 {n}",
    "cmp.need_two": "이 데이터셋의 인코더가 두 개 필요합니다. 하나 더 학습하세요.",
    "cmp.maps_help": "VAE의 잠재 벡터는 0 주위의 둥근 구름(사전 분포)에 모이고, AE의 잠재 벡터는 "
    "학습이 놓은 곳 어디에나 퍼집니다.",
    "cmp.kl": "KL 가중치(베타)",
    "cmp.sweep_intro": "베타마다 작은 VAE를 하나씩, 나머지는 모두 같게(잠재 차원 8, 같은 초기 "
    "가중치와 데이터 순서) 학습해서 KL 가중치가 무엇을 맞바꾸는지 봅니다.",
    "cmp.betas": "베타 값",
    "cmp.sweep_epochs": "VAE마다 에폭",
    "cmp.sweep_run": "학습 시작",
    "cmp.sweep_busy": "VAE {n}개를 각각 {epochs}에폭 학습하는 중...",
    "cmp.sweep_x": "사전 분포까지의 KL(이미지당 nat)",
    "cmp.sweep_y": "재구성 오차, -log p(x|z)(이미지당 nat)",
    "cmp.col.recon": "재구성(nat)",
    "cmp.col.mse": "테스트 MSE",
    "cmp.col.active": "쓰이는 잠재 차원",
    "cmp.sweep_row": "베타 = {beta:g}: 잠재 차원 {dims}개 중 {active}개가 쓰입니다. 왼쪽은 같은 "
    "테스트 이미지의 재구성, 오른쪽은 사전 분포에서 뽑은 샘플입니다.",
    "cmp.sweep_help": "베타가 작으면 재구성은 선명하고 KL은 크며, 코드가 N(0, I)를 채우지 못해 "
    "사전 분포 샘플이 엉성합니다. 베타가 크면 KL이 줄고 재구성이 흐려지며 잠재 차원이 꺼집니다"
    "('쓰이는' 차원 수: 사후 붕괴).",
    "cmp.yours": "이 데이터셋의 VAE(학습한 그대로)",
    "cmp.kl_help": "학습 페이지에서 베타를 바꿔 VAE를 학습하면 여기에 나옵니다. 베타가 클수록 KL이 "
    "작고, 잠재 공간이 정돈되며, 재구성이 흐려집니다.",
    # inside the model
    "in.title": "모델 속",
    "in.image": "테스트 이미지",
    "in.original": "원본",
    "in.decoded": "z를 디코딩",
    "in.prior": "사전 분포 N(0, I): 1 시그마",
    "in.active": "활성 차원",
    "in.active_help": "사후 분포의 평균이 이미지에 따라 달라지는 차원입니다. 테스트 이미지에 걸친 "
    "E_q[z_d]의 분산이 0.01보다 크면 활성입니다(Burda 외, 2015). 비활성 차원은 인코더가 쓰지 "
    "않는 차원으로, 이미지와 상관없이 사후 분포가 사전 분포와 같습니다.",
    "in.kl_total": "KL 항, 이미지당 나트",
    "in.kl_help": "KL(q(z|x) || N(0, I))를 차원에 걸쳐 더하고 테스트 이미지에 걸쳐 평균한 값입니다. "
    "잠재 벡터가 이미지에 대해 담는 정보의 대가로 ELBO가 치르는 값입니다.",
    "in.dim": "잠재 차원",
    "in.kl": "KL, 나트",
    "in.collapsed": "사후 분포 붕괴: {d}개 차원 중 {active}개만 이미지에 대한 정보를 담고, 나머지는 "
    "디코더가 쓰지 않습니다. 시도해 볼 것: 더 작은 beta, KL 워밍업(처음 몇 에폭 동안 beta를 0에서 "
    "올리기), 더 약한 디코더.",
    "in.ellipses": "이미지마다의 사후 분포: mu ± sigma",
    "in.ellipses_help": "타원 하나가 테스트 이미지 하나의 q(z|x)입니다. 중심은 mu(x), 반지름은 "
    "sigma(x)입니다. 점선 원은 사전 분포의 1 시그마입니다. KL 항은 타원을 이 원 쪽으로 끌어당기고, "
    "재구성 항은 디코더가 이미지를 구별할 수 있도록 타원을 서로 떼어 놓습니다.",
    "in.draws": "q(z|x)에서 뽑아 디코딩한 결과",
    "in.reparam": "재매개변수화: z = mu + sigma · eps",
    "in.reparam_help": "잡음 eps를 네트워크 밖에서 N(0, I)로부터 뽑아 z = mu(x) + sigma(x) · eps로 "
    "두면, z의 샘플링을 미분할 수 있게 됩니다. KL이 가장 큰(정보가 가장 많은) 차원을 따라 eps를 "
    "움직여 보세요. eps = 0이면 디코더는 사후 분포의 평균을 봅니다.",
    "in.distance": "이 칸의 인코더 출력까지의 거리",
    "in.nearest": "이 칸은 가장 가까운 코드 **{nearest}**(빨강)를 씁니다. 두 번째로 가까운 코드는 "
    "{second}(주황)이고, {margin:.3f}만큼 더 멉니다. 디코더는 코드만 봅니다. 직통 추정기"
    "(straight-through)는 선택이 없었던 것처럼 디코더의 기울기를 인코더 출력에 그대로 "
    "전달하고, 커밋먼트 손실은 인코더 출력을 코드 가까이에 붙잡아 둡니다.",
    "in.codebook_map": "인코더 출력 사이의 코드북(코드 벡터의 PCA)",
    "in.codes": "코드",
    "in.dead": "쓰이지 않는 코드",
    "in.codebook_help": "X 표시는 코드 벡터, 점은 테스트 이미지 칸들의 인코더 출력이며 이미지의 "
    "클래스로 색을 칠했습니다. 코드 {k}개 중 {dead}개는 이 이미지들의 어떤 칸도 맡지 않습니다. "
    "코드의 두 주성분만 그렸으므로 다른 방향의 거리는 보이지 않습니다.",
    "in.margin": "여유: 두 번째 거리 − 가장 가까운 거리",
    "in.margin_help": "테스트 이미지의 모든 칸의 여유입니다(중앙값 {median:.3f}). 0에 가까우면 "
    "이미지가 조금만 바뀌어도 그 칸의 코드가 바뀔 수 있습니다.",
    "in.real": "실제 테스트 이미지: D(x)",
    "in.fake": "생성된 이미지: D(G(z))",
    "in.d_means": "실제 이미지의 D(x) 평균은 {real:.2f}, 생성된 이미지의 D(G(z)) 평균은 "
    "{fake:.2f}입니다. 게임이 균형에 이르면 둘 다 0.5, 곧 판별자가 구별하지 못하는 상태가 됩니다.",
    "in.d_best": "판별자가 가장 진짜 같다고 본 생성 이미지",
    "in.d_worst": "판별자가 가장 가짜 같다고 본 생성 이미지",
    "in.blurry": "VAE 샘플이 흐린 이유: 우도",
    "in.blurry_intro": "같은 작은 VAE(8차원 잠재 공간)를 우도 p(x|z)만 바꿔 두 번 학습합니다. "
    "베르누이(이진 교차 엔트로피)와 가우시안(제곱 오차)입니다. z가 말하지 않는 부분을 평균하는 "
    "우도는 한 코드가 될 수 있는 이미지들의 평균, 곧 흐린 이미지를 디코딩합니다.",
    "in.blurry_run": "두 모델 학습(각 에폭 {epochs}번, 모두가 함께 씀)",
    "in.blurry_busy": "VAE 두 개를 학습하는 중(각 에폭 {epochs}번)...",
    "in.lik": "우도",
    "in.elbo": "ELBO, 이미지당 나트",
    "in.sharp_recon": "재구성의 선명도",
    "in.sharp_sample": "사전 분포 샘플의 선명도",
    "in.lik_row": "{lik}: 재구성 8개, 이어서 사전 분포 샘플 8개",
    "in.blurry_help": "선명도는 이미지 기울기 제곱의 평균입니다(테스트 이미지 자체는 "
    "{data:.4f}). 흐림은 경계를 퍼뜨리므로 점수가 낮습니다. ELBO는 각 모델의 우도로 잰 값입니다. "
    "베르누이는 이진 픽셀의 확률이고 가우시안은 밀도(분산 1/2, 상수 포함)이므로 두 수는 같은 "
    "척도가 아닙니다.",
    "in.vae_gan": "VAE와 GAN: 같은 질문, 두 가지 답",
    "in.vae_gan_row": "선명도 {sharp:.4f}, 샘플 10,000개 중 분류기가 확신한 비율 {confident:.0%}, "
    "프레셰 거리 {frechet:.1f}",
    "in.vae_gan_help": "데이터셋의 VAE와 GAN의 사전 분포 샘플을 나란히 놓았습니다. 선명도는 이 "
    "샘플 64개로 재고, 확신 비율과 프레셰 거리는 체크포인트의 평가(공개된 분류기가 샘플 10,000개를 "
    "판정)에서 가져옵니다. 프레셰 거리가 작을수록 테스트 이미지에 가깝습니다.",
    # applications
    "app.title": "활용",
    "app.anomaly": "이상 탐지",
    "app.cluster": "군집화",
    "app.classify": "분류",
    "app.ood": "분포 밖 데이터",
    "ood.intro": "모델이 한 번도 보지 못한 다른 데이터셋의 이미지를 넣고, 네 가지 탐지기가 그것을 "
    "모델 자신의 테스트 이미지와 구별하는지 봅니다. AUROC가 100%면 완벽히 구별하고, 50%면 "
    "우연과 같으며, 50% 아래면 탐지기가 낯선 이미지를 모델 자신의 이미지보다 더 전형적이라고 "
    "판단한 것입니다.",
    "ood.foreign": "낯선 데이터셋",
    "ood.none": "같은 크기의 다른 데이터셋이 없습니다. 이 실험에는 MNIST, Fashion-MNIST, KMNIST "
    "(모두 28x28) 가운데 두 개가 필요합니다.",
    "ood.conditional": "이 모델은 이미지마다 클래스가 필요한데, 낯선 이미지에는 이 모델의 "
    "클래스가 없습니다. 사이드바에서 오토인코더나 VAE를 고르세요.",
    "ood.not_yet": "이 모델로는 아직 계산하지 않았습니다. 데이터셋마다 이미지 {n:,}장을 "
    "채점합니다(노트북 CPU에서 VAE는 1분쯤, 오토인코더는 몇 초).",
    "ood.run": "실험 실행",
    "ood.computing": "데이터셋마다 이미지 {n:,}장을 채점하는 중...",
    "ood.det.recon": "재구성 오차",
    "ood.det.nll": "우도: -log p(x), 나트",
    "ood.det.knn": "5번째로 가까운 학습 잠재 벡터까지의 거리",
    "ood.det.pca": "PCA-20 재구성 오차(기준선)",
    "ood.auroc_help": "무작위로 고른 낯선 이미지가 모델 자신의 테스트 이미지보다 더 높은(더 "
    "낯선) 점수를 받을 확률입니다.",
    "ood.verdict.good": "{detector}: {value:.1f}%, 낯선 이미지를 잘 구별합니다.",
    "ood.verdict.weak": "{detector}: {value:.1f}%, 일부만 구별합니다.",
    "ood.verdict.chance": "{detector}: {value:.1f}%, 우연보다 나을 것이 없습니다.",
    "ood.verdict.inverted": "{detector}: {value:.1f}%, 낯선 이미지를 모델 자신의 이미지보다 더 "
    "전형적이라고 판단합니다.",
    "ood.nalisnick": "VAE가 자기 {own} 테스트 이미지보다 {foreign} 이미지에 더 높은 우도를 "
    "줍니다. Nalisnick 외(2019)가 심층 생성 모델에서 발견한 실패입니다. 우도는 익숙한 이미지뿐 "
    "아니라 예측하기 쉬운 이미지(넓은 검은 배경)에도 높은 값을 주므로, 우도가 높다고 해서 "
    "'분포 안'이라는 뜻은 아닙니다.",
    "ood.map": "낯선 이미지가 자리 잡는 곳",
    "ood.map_latent": "두 데이터셋의 잠재 벡터를 그대로(숫자 두 개) 그렸습니다.",
    "ood.map_pca": "두 데이터셋의 잠재 벡터를 모델 자신의 이미지로 구한 처음 두 주성분으로 "
    "그렸습니다. 고정된 선형 사상 하나라서 낯선 이미지는 모델이 놓는 자리에 그대로 놓입니다"
    "(t-SNE나 UMAP은 새로 들어온 점에 맞춰 전체를 다시 배치합니다).",
    "ood.familiar": "모델이 가장 익숙하게 여기는(재구성 오차가 가장 작은) {foreign} 이미지와 "
    "그 아래의 재구성",
    "app.normal": "정상 클래스(오토인코더는 이 클래스만 봅니다)",
    "app.training": "{name}만으로 작은 오토인코더를 학습하는 중({epochs}에폭)...",
    "app.auroc_ae": "AUROC, 오토인코더",
    "app.auroc_pca": "AUROC, 주성분 20개 PCA",
    "app.percent": "{value:.1f}%",
    "app.auroc_help": "다른 클래스의 무작위 이미지가 정상 클래스의 무작위 이미지보다 높은 점수를 "
    "받을 확률입니다. 100%면 완벽히 가르고, 50%면 동전 던지기입니다.",
    "app.score": "이상 점수 (0: 정상 클래스에 흔한 값)",
    "app.score_help": "두 신호를 정상 클래스 학습 이미지 기준의 표준 단위로 바꿔 더한 점수입니다. "
    "하나는 재구성 오차를 이미지 밝기로 나눈 값입니다(가늘고 흐린 1은 어떤 오토인코더도 쉽게 "
    "복원하므로, 오차만 보면 클래스와 상관없이 정상으로 판정됩니다). 다른 하나는 이미지의 잠재 "
    "벡터가 정상 이미지들의 잠재 벡터에서 얼마나 떨어져 있는지입니다(디코더가 잘 복원하는 "
    "이미지도 인코더는 정상과 먼 곳에 둘 수 있습니다). 옆의 PCA는 오차 / 밝기만으로 매깁니다.",
    "app.count": "테스트 이미지 수",
    "app.images": "테스트 이미지",
    "app.is_normal": "정상 클래스",
    "app.is_anomaly": "다른 클래스",
    "app.worst": "모델이 가장 이상하다고 보는 테스트 이미지",
    "app.computing": "k-평균과 분류기를 맞추는 중...",
    "app.col.features": "특징",
    "app.col.knn": "kNN 정확도(k=5)",
    "app.col.logreg": "로지스틱 회귀 정확도",
    "app.rep.latents": "모델의 잠재 벡터",
    "app.rep.pixels": "원래 픽셀",
    "app.rep.PCA-20": "PCA, 주성분 {k}개",
    "app.cluster_help": "클래스마다 군집 하나로 k-평균을 하고 실제 레이블과 비교합니다(NMI와 ARI: "
    "1은 완벽, 0은 우연 수준). 테스트 이미지 {n:,}장.",
    "app.classify_help": "kNN(k=5)과 로지스틱 회귀를 학습 이미지 {n_train:,}장으로 맞추고 "
    "{n_test:,}장으로 시험합니다.",
    # upload
    "up.title": "내 이미지",
    "up.pick": "숫자나 물건 하나가 담긴 PNG 또는 JPEG",
    "up.help": "{mb} MB, 4096 x 4096 픽셀까지. 데이터처럼 흑백(또는 컬러)으로 바꾸고, 잉크 부분만 "
    "잘라 가운데에 놓고, 데이터셋 이미지처럼 크기를 맞춥니다.",
    "up.invert": "데이터처럼 검은 바탕에 흰 글씨",
    "up.invert.auto": "자동",
    "up.invert.yes": "뒤집기",
    "up.invert.no": "그대로",
    "up.none": "이미지를 올리면 모델이 어떻게 인코딩하는지 보여 줍니다.",
    "up.blank": "이 이미지에서 잉크를 찾지 못했습니다(비어 있거나 잉크와 종이가 너무 비슷합니다). "
    "밝은 바탕에 어두운, 또는 어두운 바탕에 밝은 모양이 뚜렷한 이미지를 올리세요.",
    "up.as_data": "모델이 보는 모습",
    "up.recon": "그 재구성",
    "up.far": "이 이미지는 학습 데이터와 다릅니다. 재구성 오차가 테스트 이미지의 {error:.0f}%보다 "
    "크고, 잠재 벡터가 어떤 테스트 이미지에서든 테스트 이미지의 {distance:.0f}%가 최근접 이웃과 "
    "떨어진 거리보다 멉니다. 지도 위 위치는 조심해서 보세요.",
    "up.near": "이 이미지는 학습 데이터와 비슷합니다. 재구성 오차가 테스트 이미지의 {error:.0f}%보다만 "
    "크고, 잠재 벡터가 테스트 이미지들 사이에 있습니다(테스트 이미지의 {distance:.0f}%가 최근접 "
    "이웃과 더 가깝습니다).",
    "up.placed": "지도({method}) 위, 잠재 공간의 최근접 이웃들 사이에 놓았습니다.",
    "up.neighbours": "잠재 공간의 최근접 테스트 이미지 {k}장 가운데 {n}장이 {name}입니다.",
    "up.yours": "내 이미지",
    # class names, where a dataset's are words
    "class.fashion-mnist.0": "티셔츠/탑",
    "class.fashion-mnist.1": "바지",
    "class.fashion-mnist.2": "풀오버",
    "class.fashion-mnist.3": "드레스",
    "class.fashion-mnist.4": "코트",
    "class.fashion-mnist.5": "샌들",
    "class.fashion-mnist.6": "셔츠",
    "class.fashion-mnist.7": "스니커즈",
    "class.fashion-mnist.8": "가방",
    "class.fashion-mnist.9": "앵클 부츠",
    # errors the app shows
    "err.upload_size": "파일이 {mb} MB를 넘습니다. 더 작은 이미지를 쓰세요.",
    "err.upload_format": "PNG와 JPEG 이미지만 올릴 수 있습니다.",
    "err.upload_pixels": "이 이미지는 {w} x {h} 픽셀입니다. 4096 x 4096 픽셀 이하, 한 변 {side:,} "
    "픽셀 이하의 이미지를 쓰세요.",
    "err.upload_unreadable": "읽을 수 있는 PNG나 JPEG 이미지가 아닙니다.",
    "err.upload_bomb": "이미지가 너무 커서 풀 수 없습니다. 더 작은 이미지를 쓰세요.",
    "err.name": "이름 {name!r}은(는) 쓸 수 없습니다. 영문자나 숫자로 시작하는 100자 이하의 영문자, "
    "숫자, '.', '_', '-'를 쓰세요.",
    "err.exists": "{name}이라는 체크포인트가 이미 있습니다. 다른 이름을 고르세요.",
    "err.run_active": "이미 학습이 진행 중입니다. 끝나기를 기다리거나 먼저 취소하세요.",
    "err.no_dataset": "{dataset} 데이터셋이 여기 없습니다. 있는 데이터셋을 고르세요.",
    "err.option_type": "{option}에는 다른 종류의 값이 필요합니다(지금 {value}).",
    "err.option_choice": "{option}의 '{value}'은(는) 모르는 값입니다. {choices} 중에서 고르세요.",
    "err.ood_needs_encoder": "분포 밖 데이터 실험에는 잠재 벡터가 있는 비조건부 모델이 "
    "필요합니다. 오토인코더나 VAE를 고르세요.",
    "err.ood_shape": "{foreign} 이미지는 모델의 이미지와 크기가 다릅니다. 같은 크기의 데이터셋을 "
    "고르세요.",
    "err.inside_needs": "이 화면에는 {what} 모델이 필요합니다. 다른 모델을 고르세요.",
    "err.option_empty": "{option}에는 16,32처럼 숫자를 하나 이상 적어야 합니다.",
    "err.course_conv_size": "강의의 합성곱 신경망은 28x28 이미지용입니다. 사이드바에서 MNIST나 "
    "Fashion-MNIST를 고르세요.",
    "err.option_list": "{option}에는 1 이상 {largest:,} 이하의 정수를 나열해야 합니다.",
    "err.option_min": "{option}은(는) {low} 이상이어야 합니다(지금 {value}).",
    "err.option_max": "{option}은(는) {high:,} 이하여야 합니다(지금 {value}).",
    "err.option_range": "{option}은(는) {low}와 {high} 사이의 수여야 합니다(지금 {value}).",
    "err.option_parse": "{option}: {text!r}은(는) 올바른 값이 아닙니다. 목록은 256,128처럼 쉼표로 "
    "구분한 숫자로 쓰세요.",
    "err.checkpoint": "체크포인트 {name}은(는) 쓸 수 없습니다({detail}). 다른 것을 고르거나 다시 "
    "학습하세요.",
    "err.diverged": "{epoch}번째 에폭에서 학습이 발산해서 아무것도 저장하지 않았습니다. 학습률을 "
    "낮춰 다시 시도하세요.",
    "err.stopped_early": "첫 에폭이 끝나기 전에 멈춰서 저장한 것이 없습니다.",
    "err.worker_stopped": "학습 작업자가 멈췄습니다. 학습을 다시 시작하세요.",
    "err.picture_worker": "투영 작업자가 멈췄습니다. 다음 요청에서 다시 시작합니다.",
    "err.picture_deadline": "{method} 투영이 너무 오래 걸렸습니다. 다시 시도하세요.",
    "err.picture_failed": "투영에 실패했습니다. 서버 로그를 보세요.",
    "err.other": "문제가 생겼습니다: {detail}",
    # the idea behind each page
    "idea.title": "개념",
    "idea.home": "생성 모델은 데이터가 어떻게 분포하는지 배워서 새 예시를 만듭니다. 여기 있는 "
    "모델 대부분은 이미지 x를 작은 잠재 공간의 코드 z로 보내는 인코더와, 코드를 다시 이미지로 "
    "보내는 디코더를 가지며, 입력을 복원하도록 학습합니다.",
    "idea.train": "모든 모델은 미니배치로 평균한 자기 손실을 경사 하강법으로 줄이며 학습합니다. "
    "오토인코더는 재구성 오차를, VAE는 음의 ELBO(재구성 항과 KL 항)를 줄이고, GAN은 두 신경망이 "
    "게임을 합니다.",
    "idea.map": "점 하나가 테스트 이미지 하나의 잠재 벡터 z = E(x)입니다. 잠재 벡터가 두세 개보다 "
    "많은 숫자라면 그대로 그릴 수 없어서 PCA, t-SNE, UMAP으로 투영합니다. PCA는 분산이 가장 큰 "
    "방향의 거리를 지키고, t-SNE와 UMAP은 이웃 관계를 지키는 대신 군집 사이 거리를 휩니다. "
    "신뢰도는 그림을 얼마나 믿을지 알려 줍니다. 그림에서는 가깝지만 잠재 공간에서는 순위(r)가 "
    "먼 점에 벌점을 줍니다.",
    "idea.interpolate": "한 코드에서 다른 코드로 걸어가며 그 사이 점들을 디코딩합니다. 선형 보간은 "
    "공간 한가운데를 가로지르고, 구면 보간은 가우시안 사전 분포가 기대하는 길이를 유지합니다. "
    "VAE의 코드는 사전 분포 N(0, I)를 채우므로 무작위 코드도 그럴듯하게 디코딩되지만, 일반 "
    "오토인코더는 사전 분포가 없어 빈틈이 남습니다.",
    "idea.codebook": "VQ-VAE는 격자의 칸마다 인코더 출력 z_e를 K개의 코드 벡터 e_k 가운데 가장 "
    "가까운 것으로 바꿉니다. 반올림에는 기울기가 없어서, 직통 추정기(straight-through)가 디코더의 "
    "기울기를 그대로 인코더로 넘깁니다. 손실은 x를 복원하고, 코드를 인코더 출력 쪽으로 당기고"
    "(여기서는 이동 평균으로), 인코더가 제 코드에 머물도록 합니다(sg: 기울기 멈춤). 샘플링하려면 "
    "PixelCNN 사전 분포가 코드를 읽는 순서대로 하나씩 배웁니다. 이것이 VQ-VAE(코드 격자 하나)이고, "
    "VQ-VAE-2는 더 성긴 둘째 격자와 그 사전 분포를 더합니다.",
    "idea.denoise": "잡음 제거 오토인코더는 망가진 이미지 x~를 받아 깨끗한 x를 내도록 학습하므로 "
    "입력을 그대로 베낄 수 없습니다. PSNR은 이미지가 깨끗한 이미지에 얼마나 가까운지 잽니다. "
    "MNIST에서 잰 결과: 가우시안 잡음으로 학습한 DAE는 본 적 없는 소금-후추 잡음도 지우지만"
    "(픽셀 10%에서 13.2 dB를 22.2 dB로, 일반 AE는 17.2 dB), 가림은 못 지웁니다. 픽셀이 빠지면 "
    "일반 오토인코더보다 나을 게 없고, 절반을 가리면 가린 이미지 자체보다도 낫지 않습니다.",
    "idea.generate": "GAN의 생성자 G는 잡음 z를 이미지로 바꾸고, 판별자 D는 진짜와 생성된 이미지를 "
    "가립니다. 둘은 최소최대 게임을 합니다. 실제로는 G가 log D(G(z))를 키우는데(포화하지 않는 "
    "손실), D가 쉽게 이길 때도 기울기를 얻기 위해서입니다. 조건부 모델은 클래스 y도 받아 G(z, y)가 "
    "되고, 투영 판별자가 x가 y에 얼마나 맞는지 점수를 매깁니다. VAE는 z ~ N(0, I)를 디코딩해서 "
    "샘플링하는데, 우도가 z가 말하지 않는 부분을 평균하므로 샘플이 더 흐립니다.",
    "idea.compare": "PCA는 가장 좋은 선형 오토인코더입니다. k개의 숫자로 된 코드에 분산이 가장 큰 "
    "k개 방향을 담고, 제곱 오차로 학습한 선형 오토인코더도 같은 부분 공간을 배웁니다. VAE는 "
    "log p(x)의 하한인 ELBO(증거 하한)를 키웁니다. 재구성 항에서 사후 분포 q(z|x)와 사전 분포 "
    "사이의 KL 발산을 뺀 값입니다. 두 가우시안 사이의 KL은 닫힌 식이 있고, z를 재매개변수화로 "
    "뽑아서 기울기가 mu와 sigma로 흐릅니다. 베타는 KL 항의 가중치입니다(베타 > 1이면 베타-VAE).",
    "idea.applications": "그림 말고도 오토인코더를 쓰는 곳: 잠재 벡터는 분류기와 군집화의 특징이 "
    "되고, 재구성 오차는 학습 데이터와 다른 이미지(이상치)를 가려냅니다. 점수는 오차를 이미지 "
    "밝기로 나눕니다. 가늘고 흐린 이미지는 클래스와 상관없이 복원하기 쉽기 때문입니다. 다른 "
    "데이터셋의 이미지(분포 밖 데이터)를 넣으면, 같은 점수와 VAE의 우도, 가장 가까운 학습 잠재 "
    "벡터까지의 거리가 각각 어느 이미지가 낯선지 가려내려 합니다. 우도는 예상과 정반대로 틀릴 "
    "수도 있습니다.",
    "idea.inside": "학습된 모델이 중간에 계산하는 것들입니다. VAE의 인코더는 이미지마다 점이 "
    "아니라 분포 q(z|x) = N(mu, sigma²)를 줍니다. ELBO는 사전 분포까지의 KL을 차원마다 치르고, "
    "아무 정보도 담지 않는 차원은 비활성이 됩니다. VQ-VAE는 칸마다 인코더 출력을 가장 가까운 "
    "코드로 바꿉니다. GAN의 판별자는 이미지가 얼마나 진짜 같은지 점수를 매기고, 생성자는 그 "
    "점수로부터 배웁니다.",
    "idea.upload": "올린 이미지를 데이터셋 형식(흑백, 가운데 정렬, 데이터와 같은 크기)으로 바꾼 "
    "다음 인코딩하고 재구성합니다. 그 재구성 오차와 가장 가까운 테스트 잠재 벡터까지의 거리를 "
    "테스트 세트의 값과 견줍니다. 그보다 훨씬 크면 모델이 이런 것을 본 적이 없다는 뜻이고, 지도 "
    "위 위치도 큰 의미가 없습니다.",
    "idea.lessons": "강의마다 수업의 한 부분을 따라갑니다. 각 단계는 그 내용을 보여 주는 페이지를 "
    "데이터셋, 모델, 설정까지 맞춰서 엽니다. 단계 아래의 링크는 슬라이드에 넣을 수 있습니다.",
    # lessons
    "nav.lessons": "강의",
    "lessons.title": "강의",
    "lessons.pick": "강의",
    "lessons.step": "{total}단계 중 {n}단계",
    "lessons.open": "열기: {page}",
    "lessons.link": "이 단계의 링크(슬라이드용)",
    "lessons.prev": "이전 단계",
    "lessons.next": "다음 단계",
    "lesson.1": "1. 오토인코더란",
    "lesson.1.1": "오토인코더는 이미지 x를 병목으로 압축합니다. 인코더 E가 x를 숫자 몇 개짜리 코드 "
    "z로 보내고, 디코더 D가 z를 다시 이미지로 돌려놓습니다. 학습은 재구성 오차를 줄입니다.",
    "lesson.1.2": "테스트 이미지와 그 재구성을 나란히 봅니다. 병목을 통과해 남는 것은 모양이고, "
    "세부는 사라집니다.",
    "lesson.1.3": "코드가 숫자 두 개면 잠재 공간은 평면입니다. 테스트 이미지 하나가 점 하나이고, "
    "알려 주지 않아도 클래스끼리 모입니다. 빈 곳을 누르면 어떤 이미지도 갖지 않은 코드를 "
    "디코더가 어떻게 그리는지 볼 수 있습니다.",
    "lesson.2": "2. 오토인코더의 쓸모",
    "lesson.2.1": "잠재 벡터를 특징으로: 잠재 숫자 32개로 학습한 분류기를 픽셀 784개, 주성분 20개로 "
    "학습한 분류기와 비교합니다.",
    "lesson.2.2": "군집화: 잠재 벡터에 k-평균을 하고 실제 클래스와 비교합니다.",
    "lesson.2.3": "이상 탐지: 한 클래스로만 학습한 오토인코더는 그 클래스를 잘 복원하고 다른 "
    "클래스는 못 복원합니다. 그 오차로 둘을 가릅니다.",
    "lesson.3": "3. 오토인코더와 PCA",
    "lesson.3.1": "제곱 오차로 학습한 선형 오토인코더는 PCA의 부분 공간을 배웁니다. PCA는 크기마다 "
    "가장 좋은 선형 코드입니다.",
    "lesson.3.2": "잠재 차원에 따른 테스트 오차: PCA의 곡선과, 그 아래에 있는 비선형 오토인코더들.",
    "lesson.3.3": "3차원으로 본 잠재 공간: VAE 잠재 벡터의 첫 세 주성분입니다. 끌어서 돌려 보세요.",
    "lesson.4": "4. 잡음 제거 오토인코더",
    "lesson.4.1": "표준편차 0.5의 가우시안 잡음: 그 잡음으로 학습한 잡음 제거 오토인코더와 일반 "
    "오토인코더를 비교합니다.",
    "lesson.4.2": "DAE가 학습 때 본 적 없는 소금-후추 잡음: 그래도 지웁니다.",
    "lesson.4.3": "픽셀 절반을 가리면 DAE도 일반 오토인코더보다 나을 게 없습니다. DAE가 배우는 "
    "것은 학습에 쓴 종류의 잡음입니다.",
    "lesson.5": "5. 빈틈에서 VAE로",
    "lesson.5.1": "N(0, I)에서 뽑은 무작위 코드를 일반 오토인코더로 디코딩하면 대부분 숫자가 "
    "아닙니다. 코드가 섬처럼 모여 있고 섬 사이는 비어 있습니다.",
    "lesson.5.2": "VAE의 인코더는 분포 q(z|x)를 내고, KL 항이 그것을 사전 분포 N(0, I) 쪽으로 "
    "당깁니다. 그래서 무작위 코드가 학습된 코드들이 있는 곳에 떨어집니다.",
    "lesson.5.3": "KL 가중치 베타: 베타가 작으면 재구성은 선명하고 샘플은 엉성하며, 크면 흐려지고 "
    "잠재 차원이 꺼집니다.",
    "lesson.6": "6. VAE의 ELBO",
    "lesson.6.1": "ELBO는 재구성 항에서 KL 항을 뺀 것입니다. VAE를 학습하며 둘이 어떻게 줄어드는지 "
    "보세요.",
    "lesson.6.2": "재매개변수화: eps ~ N(0, I)로 z = mu + sigma * eps를 만들면 기울기가 mu와 "
    "sigma까지 닿습니다. z의 좌표 하나를 훑어 보면 그 좌표가 무엇을 담는지 보입니다.",
    "lesson.6.3": "VAE의 사전 분포 샘플: 그럴듯한 숫자지만 흐립니다. 우도가 z가 말하지 않는 부분을 "
    "평균하기 때문입니다.",
    "lesson.6.4": "VAE의 속: 이미지마다 사후 분포 mu ± sigma가 사전 분포의 원 안에 타원으로 "
    "그려집니다. 거기서 뽑아 보거나, eps를 손으로 움직여 보세요: z = mu + sigma * eps.",
    "lesson.7": "7. VQ-VAE",
    "lesson.7.1": "인코더 격자의 칸마다 학습된 코드북에서 가장 가까운 코드를 고릅니다. 클래스마다 "
    "어떤 코드를 쓰는지 봅니다.",
    "lesson.7.2": "이미지 하나의 코드 맵: 한 칸의 코드를 바꾸고 이미지의 그 부분이 어떻게 되는지 "
    "봅니다.",
    "lesson.7.3": "PixelCNN 사전 분포는 코드를 하나씩 배웁니다. p(c)는 앞선 코드들이 주어졌을 때 "
    "p(c_i)의 곱입니다. 온도를 낮추면 더 그럴듯한 코드를 고릅니다.",
    "lesson.7.4": "거부 샘플링: VQ-VAE-2처럼 더 많이 뽑고 분류기가 확신하는 것만 남깁니다.",
    "lesson.7.5": "가장 가까운 코드를 재 보기: 한 칸에서 모든 코드까지의 거리, 두 번째로 가까운 "
    "코드와 그 여유, 그리고 인코더 출력들 사이의 코드북 전체.",
    "lesson.7.6": "VQ-VAE-2: 모양을 담는 거친 상위 코드 격자와 세부를 담는 촘촘한 하위 격자가 있고, 각각 사전 분포를 가집니다(하위는 상위가 "
    "주어진 조건부). 두 숫자의 상위 코드를 맞바꾸면 어떤 숫자가 나오는지 보세요.",
    "lesson.8": "8. GAN과 조건부 GAN",
    "lesson.8.1": "두 선수: 생성자는 잡음으로 이미지를 만들고, 판별자는 진짜와 생성된 이미지를 "
    "가립니다. GAN의 샘플과 분류기의 판정:",
    "lesson.8.2": "선명함과 흐림: 같은 판정을 VAE 샘플에도 해 봅니다.",
    "lesson.8.3": "조건부 GAN은 클래스도 받습니다. 7을 달라면 잡음이 주는 온갖 글씨체로 7을 줍니다.",
    "lesson.8.4": "판별자의 눈: 실제 이미지에 대한 점수 D(x)와 생성된 이미지에 대한 D(G(z)), "
    "그리고 판별자가 가장 진짜 같다고, 가장 가짜 같다고 본 샘플.",
    "lesson.8.5": "pix2pix: 조건이 이미지인 조건부 GAN입니다. 윤곽선을 그리면 숫자가 나옵니다. 가려진 숫자에서는 같은 네트워크를 L1만으로 "
    "학습하면 빈 곳을 더 흐릿하게 채웁니다.",
    # VQ-VAE-2 and image to image
    "nav.translate": "이미지 변환",
    "need.translate": "이미지를 다른 이미지로 바꾸는(pix2pix)",
    "need.codes": "코드북을 가진(VQ-VAE 또는 VQ-VAE-2)",
    "need.hierarchy": "두 단계의 코드를 가진(VQ-VAE-2)",
    "need.prior_codebook": "VQ-VAE의 코드를 샘플링하는(PixelCNN 사전 분포)",
    "need.prior_hierarchy": "VQ-VAE-2의 코드를 샘플링하는(두 PixelCNN 사전 분포)",
    "kind.vqvae2": "VQ-VAE-2",
    "kind.pixelcnn2": "VQ-VAE-2 사전 분포",
    "kind.pix2pix": "pix2pix",
    "family.vqvae2": "두 단계의 코드: 거친 상위 격자는 전체 모양을, 더 촘촘한 하위 격자는 세부를 담습니다.\n두 이미지의 상위 코드를 맞바꾸어 어느 "
    "단계가 무엇을 담는지 보세요.",
    "family.pixelcnn2": "VQ-VAE-2를 위한 두 PixelCNN: 하나는 상위 코드, 하나는 상위 코드가 주어진 하위 코드를 모델링합니다.\n상위를 "
    "먼저 뽑고, 이어 하위를 뽑은 뒤 디코딩합니다.",
    "family.pix2pix": "조건이 이미지인 조건부 GAN: U-Net이 출력을 그리고 PatchGAN이 패치마다 판정합니다.\n윤곽선에서 숫자로, 가려진 "
    "이미지 완성, 잡음 제거.",
    "opt.top_codebook_size": "상위 코드북 크기",
    "opt.top_channels": "상위 사전 분포의 폭",
    "opt.top_layers": "상위 사전 분포의 층 수",
    "opt.top_alone": "상위 코드만으로 재구성하는 손실의 가중치",
    "opt.task": "과제",
    "opt.d_channels": "판별자 채널",
    "opt.l1_weight": "L1 가중치(람다)",
    "opt.adv_weight": "적대적 손실 가중치(0: L1만)",
    "choice.edges": "윤곽선에서 이미지로",
    "choice.masked": "가려진 사각형을 채워 완성",
    "choice.noisy": "잡음에서 깨끗한 이미지로",
    "code.title2": "VQ-VAE-2: 두 단계의 코드",
    "code.level.top": "상위 단계",
    "code.level.bottom": "하위 단계",
    "code.level_grid": "{level}: {h} x {w} 격자, 코드 {k}개",
    "code.maps2": "이미지 하나의 두 코드 맵",
    "code.maps2_help": "상위 격자는 거칠어서 칸 하나가 이미지의 넓은 부분을 덮습니다. 하위 격자는 더 촘촘하며, 상위 코드를 알고서 정해졌습니다.",
    "code.swap": "두 이미지의 단계 맞바꾸기",
    "code.image_a": "이미지 A",
    "code.image_b": "이미지 B",
    "code.top_a_bottom_b": "A의 상위, B의 하위",
    "code.top_b_bottom_a": "B의 상위, A의 하위",
    "code.top_a_alone": "A의 상위 코드만",
    "code.top_b_alone": "B의 상위 코드만",
    "code.decoded_a": "A, 코드를 디코딩한 결과",
    "code.decoded_b": "B, 코드를 디코딩한 결과",
    "code.swap_help": "맞바꾼 이미지는 각각 누구의 숫자를 보여 주나요? 이 VQ-VAE-2는 상위 코드만으로도 이미지를 재구성하도록 함께 학습했기 "
    "때문에, 상위 단계가 숫자의 모양을, 하위 단계가 그 위에 그려지는 세부를 담습니다. 그래서 맞바꾼 이미지는 대체로 상위 코드를 준 이미지의 숫자를 보여 줍니다. "
    "이 두 번째 손실이 없으면 28픽셀 숫자에 충분히 촘촘한 7 x 7 하위 격자가 모양까지 떠맡습니다.",
    "code.prior2": "두 사전 분포로 만든 새 이미지: 상위 코드, 하위 코드, 그다음 디코더",
    "code.no_prior2": "이 VQ-VAE-2의 사전 분포가 아직 없습니다. python -m genviz train pixelcnn2 --base "
    "<체크포인트>로 학습하세요.",
    "tr.title": "이미지 변환(pix2pix)",
    "tr.task": "과제: {task}",
    "tr.partner": "비교할 모델",
    "tr.no_partner": "이 과제에 다른 손실로 학습한 모델이 없습니다. 둘을 나란히 보려면 adv-weight {adv}로 하나를 학습하세요.",
    "tr.source": "입력",
    "tr.source.test": "테스트 이미지",
    "tr.source.upload": "내 이미지",
    "tr.source.draw": "그림",
    "tr.stroke": "펜 굵기",
    "tr.draw_help": "검은 사각형에 흰색으로 그리세요. 윤곽선 과제라면 가는 윤곽선을, 가림 과제라면 빈틈이 있는 숫자를 그립니다. 데이터처럼 잉크 부분만 "
    "잘라 가운데에 놓습니다.",
    "tr.image": "테스트 이미지",
    "tr.make": "내 이미지로 과제의 입력 만들기",
    "tr.make_help": "끄면: 내 이미지를 그대로 입력으로 씁니다(윤곽선 과제라면 검은 바탕에 가는 흰 윤곽선을 그리세요). 켜면: 내 이미지를 목표로 "
    "보고, 테스트 이미지처럼 그로부터 과제의 입력을 만듭니다.",
    "tr.none": "이미지를 그리거나 올리세요: 숫자의 가는 윤곽선, 일부가 빠진 숫자, 또는 잡음이 섞인 숫자.",
    "tr.input": "입력",
    "tr.output_adv": "pix2pix(L1 + 적대적 손실)",
    "tr.output_l1": "L1만",
    "tr.target": "목표",
    "tr.error": "L1 오차 {l1:.3f}",
    "tr.more": "테스트 이미지 더 보기: 입력, pix2pix, L1만, 목표",
    "tr.figures": "테스트 세트 전체에서",
    "tr.model": "모델",
    "tr.l1": "L1 오차",
    "tr.psnr": "PSNR(dB)",
    "tr.sharpness": "선명도(데이터: 1)",
    "tr.acc": "출력에 대한 분류기 정확도",
    "tr.acc_input": "입력에 대한 정확도",
    "tr.figures_help": "데이터셋과 함께 배포된 분류기가 각 출력을 읽습니다. 여전히 맞는 클래스로 보일까요? 선명도는 출력의 윤곽을 데이터의 윤곽과 "
    "비교합니다(1: 데이터만큼 선명). 입력이 답을 열어 두는 곳(가려진 사각형)에서는 L1만 쓴 모델이 구별할 수 없는 획들을 평균 내어 더 흐릿하게 채우고, "
    "적대적 손실은 선명함을 지킵니다. 입력이 답을 정하는 곳(윤곽선)에서는 둘이 비슷하게 그립니다.",
    "idea.translate": "pix2pix는 조건이 이미지 x인 조건부 GAN입니다. 생성자 G(x)는 입력 옆에 진짜 또는 만든 출력을 놓고 패치 단위로 "
    "보는 판별자 D(x, y)(PatchGAN)를 속여야 하고, L1으로 목표 가까이에 머물러야 합니다. L1만 쓰면 구별할 수 없는 답들을 평균 내므로, 입력이 "
    "열어 둔 부분이 더 흐릿하게 나옵니다.",
    # diffusion and flow matching
    "kind.diffusion": "확산 모델(DDPM)",
    "kind.flow": "흐름 정합",
    "family.diffusion": "모든 잡음 수준에서 이미지에 더해진 잡음을 알아맞히도록 배운 뒤, 순수한 잡음에서 한 단계씩 이미지를 만듭니다.\n"
    "잡음 수준마다의 디노이징 오토인코더입니다(호 외, 2020).",
    "family.flow": "이미지에서 잡음까지 곧은 경로를 따라가는 속도를 배운 뒤, 잡음에서부터 그 길을 거슬러 갑니다.\n"
    "흐름 정합(립먼 외, 2023): 적은 단계로도 좋은 이미지를 만듭니다.",
    "need.stepwise": "단계별로 샘플링하는 모델(확산 모델이나 흐름 정합 모델)",
    "opt.cond_dim": "임베딩 너비(잡음 수준과 클래스)",
    "opt.label_dropout": "클래스 없이 학습하는 이미지 비율",
    "opt.guidance": "가이던스 가중치(1: 없음, 0: 클래스 없음)",
    "opt.steps": "샘플링 단계 수",
    "opt.timesteps": "잡음 수준 수(T)",
    "opt.schedule": "잡음 스케줄",
    "opt.prediction": "신경망이 예측하는 것",
    "opt.eta": "샘플링 잡음(eta: 0은 DDIM, 1은 DDPM)",
    "opt.solver": "ODE 풀이법",
    "opt.t_sampling": "학습할 때 t를 고르는 방법",
    "choice.cosine": "코사인",
    "choice.ddpm": "DDPM의 선형 스케줄",
    "choice.eps": "잡음(ε)",
    "choice.v": "v(속도)",
    "choice.euler": "오일러법",
    "choice.heun": "호인법",
    "choice.uniform": "균등 분포",
    "choice.logit-normal": "로짓 정규 분포",
    # your own data
    "dataset.cifar10": "CIFAR-10",
    "dataset.shapes": "도형(컬러, 32x32)",
    "side.own": "내 데이터",
    "side.own_path": "이 컴퓨터에 있는 이미지 폴더나 .npz 파일",
    "side.own_size": "이미지 크기(픽셀, 0이면 폴더에서 가장 흔한 크기)",
    "side.own_grey": "흑백으로",
    "side.own_open": "열기",
    "side.own_opening": "이미지를 한 번 읽어 둡니다. 다음부터는 바로 열립니다...",
    "side.own_teacher": "이 서버에서는 교수자만 새 데이터를 열 수 있습니다.",
    "page.no_own_data": "{name} 데이터가 {path}에 더는 없습니다. 되돌려 놓거나 다른 데이터셋을 고르세요.",
    "err.dataset_unknown": "{name}이라는 데이터셋은 없습니다. 내장된 이름이나 이미지 폴더, .npz 파일을 주세요.",
    "err.dataset_empty": "{folder}에 PNG, JPEG, WebP 이미지가 없습니다. 이미지를 넣으세요(클래스마다 하위 폴더를 두면 레이블이 됩니다).",
    "err.dataset_one_split": "폴더에 train/이나 test/ 중 하나만 있습니다. 둘 다 두거나 둘 다 없애세요.",
    "err.dataset_too_few": "이미지를 {n}개만 읽을 수 있었습니다. 데이터셋에는 적어도 두 개가 필요합니다.",
    "err.dataset_size": "이미지 크기는 {low}에서 {high} 픽셀 사이여야 합니다.",
    "err.npz_bad": "그 .npz 파일은 쓸 수 없습니다. 이미지는 (N, H, W)나 (N, H, W, C) 모양의 uint8로, 레이블은 정수로 저장하세요(피클 없이).",
    "err.shapes_size": "도형 데이터는 {sizes} 픽셀로만 만들 수 있습니다.",
    "err.dataset_options": "그 데이터셋은 크기와 색이 정해져 있습니다. 이미지 크기와 흑백 옵션은 내 폴더와 파일에만 씁니다.",
    "factor.shape": "모양",
    "factor.colour": "색",
    "factor.scale": "크기",
    "factor.rotation": "회전",
    "factor.x": "좌우 위치",
    "factor.y": "상하 위치",
    "interp.dim": "차원",
    "interp.holds": "가장 많이 담은 요인",
    "interp.share": "그 요인의 정보 중 담은 비율",
    "interp.mig": "이 모델의 상호 정보 격차(MIG): {mig:.3f}. 1이면 요인마다 한 차원에만 담기고, 0이면 여러 차원에 흩어져 있다는 뜻입니다(첸 외, 2018). 베타를 키우면 차원들이 서로 독립이 되도록 밀어붙이지만, 그 차원들이 요인과 맞아떨어진다는 보장은 없습니다(로카텔로 외, 2019). 베타-VAE의 점수를 보통 VAE의 점수와 비교해 보세요.",
    "err.no_factors": "요인이 알려진 데이터셋이 필요합니다. 도형 데이터셋을 고르세요.",
    "need.map": "잠재 벡터를 지도에 그릴 수 있는",
    "need.autoencode": "이미지를 인코딩했다가 다시 디코딩할 수 있는",
    "side.imported": "가져온 모델",
    "kind.imported": "가져온 모델",
    "kind.given": "가져온 잠재 벡터",
    "map.no_decoder": "이 잠재 벡터에는 디코더가 없어 빈 공간의 점을 그림으로 바꿀 수 없습니다. 점을 누르거나 무리를 골라 이웃을 보세요.",
    "imp.title": "모델이나 잠재 벡터 가져오기",
    "imp.what": "가져올 것",
    "imp.model": "모델",
    "imp.latents": "잠재 벡터",
    "imp.model_help": "torch.export.save로 저장한 프로그램(.pt2): 위에서 고른 데이터셋의 이미지를 잠재 벡터로 바꾸는 인코더, 잠재 벡터를 이미지로 바꾸는 디코더, 또는 둘 다. 아무것도 언피클하지 않고 읽으며, 파이토치 자체 연산자만 실행합니다.",
    "imp.encoder": "인코더(.pt2): 이미지 -> 잠재 벡터, 또는 평균과 로그 분산",
    "imp.decoder": "디코더나 생성자(.pt2): 잠재 벡터(와 클래스) -> 이미지",
    "imp.prior": "디코더에 넣을 잠재 벡터의 분포",
    "imp.prior.normal": "표준 정규분포 N(0, I): 새 이미지를 만들 수 있음",
    "imp.prior.none": "정해진 분포 없음: 코드를 디코딩만 함",
    "imp.output": "디코더가 내는 이미지의 범위",
    "imp.input": "인코더가 받는 이미지의 범위",
    "imp.range.unit": "[0, 1]",
    "imp.range.logits": "로짓(시그모이드를 거치면 [0, 1])",
    "imp.range.signed": "[-1, 1]",
    "imp.name": "이름",
    "imp.go": "가져오기",
    "imp.latents_help": "한 행에 잠재 벡터 하나(.npy, .csv, .parquet). 모델 없이 잠재 공간 지도에 보여 줍니다: 투영, 이웃, 선택, 내보내기.",
    "imp.table": "잠재 벡터(한 행에 하나)",
    "imp.beside": "각 행은 {dataset} 테스트 이미지를 차례대로 나타냅니다",
    "imp.labels": "레이블, 행마다 하나(숫자나 단어, 선택)",
    "imp.images": "이미지, 행마다 하나(.npy나 .npz, 선택)",
    "imp.working": "확인하고 가져오는 중...",
    "imp.done": "{name}을(를) 가져왔습니다. 사이드바에서 지금 골라져 있습니다.",
    "err.program_archive": "그 파일은 .pt2 압축 파일이 아닙니다. torch.export.save로 프로그램을 저장하세요.",
    "err.program_big": "그 프로그램은 풀었을 때 {mb}MB가 넘습니다. 더 작은 프로그램을 내보내세요.",
    "err.program_one": "그 .pt2 파일에는 내보낸 프로그램이 정확히 하나 있어야 합니다.",
    "err.program_damaged": "그 .pt2 파일이 불완전하거나 손상되었습니다. torch.export.save로 다시 저장하세요.",
    "err.program_dynamic": "그 프로그램은 모양이 바뀔 수 있습니다(동적 또는 기호 모양). 고정된 모양으로 내보내세요.",
    "err.program_target": "그 프로그램은 파이토치 자체 연산자가 아닌 {target}을(를) 호출하므로 실행하지 않습니다.",
    "err.program_custom": "그 프로그램에는 사용자 정의 객체나 하위 그래프가 있어 실행하지 않습니다. 평범한 모듈로 내보내세요.",
    "err.program_pickle": "그 프로그램의 텐서 {tensor}가 피클로 저장되어 있는데, 피클은 절대 열지 않습니다. 평범한 텐서로 다시 내보내세요.",
    "err.program_tensors": "그 프로그램의 입력과 출력은 텐서여야 합니다.",
    "err.program_constants": "그 프로그램에는 forward 안에서 만든 텐서가 있습니다. 모듈의 버퍼로 등록하고 다시 내보내세요.",
    "err.import_none": "인코더나 디코더, 또는 둘 다(.pt2 파일)를 주세요.",
    "err.import_encoder_in": "인코더는 {got}을(를) 받는데 이 데이터셋의 이미지는 (batch, {image})입니다. 이 이미지에 맞게 내보내거나 맞는 데이터셋을 고르세요.",
    "err.import_encoder_out": "인코더는 (batch, latent)나, 그 모양의 평균과 로그 분산을 내야 합니다.",
    "err.import_decoder_in": "디코더는 (batch, latent)를 받아야 하고, 잠재 벡터마다 정수 레이블 하나를 더 받을 수 있습니다.",
    "err.import_decoder_out": "디코더는 {got}을(를) 만드는데 이 데이터셋의 이미지는 (batch, {image})입니다. 이 이미지에 맞게 내보내거나 맞는 데이터셋을 고르세요.",
    "err.import_pair": "인코더는 이미지마다 수 {enc}개를 내는데 디코더는 {dec}개를 받습니다. 서로 맞는 한 쌍을 내보내세요.",
    "err.import_raised": "이 데이터셋의 이미지로 실행하다가 프로그램이 실패했습니다({why}). 내보내기 전에 이 이미지 한 배치로 실행되는지 확인하세요.",
    "err.import_nan_encoder": "인코더가 이 데이터셋의 이미지에서 NaN이나 무한대를 냈습니다. 기대하는 입력 범위와 가중치를 확인하세요.",
    "err.import_nan_decoder": "디코더가 NaN이나 무한대를 냈습니다. 가중치를 확인하세요.",
    "err.no_file": "{path}이(가) 없습니다. 경로를 확인하세요.",
    "err.latents_read": "{name}을(를) 읽을 수 없습니다. 피클 없이 저장한 .npy, 또는 .csv나 .parquet 파일을 주세요.",
    "err.latents_text": "{name}에 숫자뿐 아니라 글자도 있습니다. 잠재 벡터의 열만 남기세요.",
    "err.latents_table": "{name}은(는) 유한한 수로 된 표여야 합니다. 한 행에 항목 하나, 적어도 두 행이 필요합니다.",
    "err.latents_labels": "잠재 벡터 {n}개에 레이블이 {got}개 있습니다. 행마다 하나씩 주세요.",
    "err.latents_images": "잠재 벡터 {n}개에 이미지가 {got}개 있습니다. 행마다 하나씩 주세요.",
    "err.latents_broken": "이미지 {name}을(를) 읽을 수 없습니다. 행마다 이미지가 있도록 바꿔 넣으세요.",
    "err.latents_noimages": "{name}에 'images' 배열이 없습니다. images=...로 저장하세요.",
    "err.latents_rows": "그 데이터셋의 테스트 세트에는 이미지가 {rows}개인데 잠재 벡터는 {n}개입니다. 테스트 이미지마다 하나씩 차례대로 주세요.",
    "err.latents_both": "각 행이 데이터셋의 테스트 이미지라면 이미지와 레이블은 그 데이터셋의 것을 씁니다. 직접 준 것은 빼세요.",
}
